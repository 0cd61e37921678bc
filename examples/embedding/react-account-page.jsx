// React 18 and 19: Keyport's widgets are custom elements, rendered like any tag. A function
// cannot travel in an attribute, so fetchToken is set through a callback ref (it runs when the
// element is put in the page, before the widgets load) and Keyport's events are listened to
// on the element.
// #region react
import "@keyport/elements/portal-provider"; // the provider first
import "@keyport/elements/activation-manager";
import { useEffect, useRef } from "react";

async function fetchKeyportToken() {
  const response = await fetch("/account/keyport-token", { method: "POST" });
  if (!response.ok) throw new Error(`No Keyport token (${response.status})`);
  return (await response.json()).token;
}

export function Machines({ onDeactivated }) {
  const manager = useRef(null);
  useEffect(() => {
    const element = manager.current;
    const listener = (event) => onDeactivated(event.detail.activation);
    element.addEventListener("activation-deactivated", listener);
    return () => element.removeEventListener("activation-deactivated", listener);
  }, [onDeactivated]);
  return (
    <portal-provider
      api-base="https://licensing.acme.example"
      ref={(provider) => {
        if (provider) provider.fetchToken = fetchKeyportToken;
      }}
    >
      <activation-manager ref={manager}></activation-manager>
    </portal-provider>
  );
}
// #endregion react
