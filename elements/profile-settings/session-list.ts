import type { Session } from "@keyport/sdk";
import { html, nothing } from "lit";
import { formatDateTime, formatRelativeTime } from "../internal/format.ts";
import { renderSection } from "./form-fields.ts";
import type { ProfileView } from "./profile-view.ts";

/** The live sessions, this device first, each other one with Sign out. */
export function renderSessionsSection(view: ProfileView) {
  const { say } = view;
  const sessions = [...view.sessions].sort((a, b) => Number(b.current) - Number(a.current));
  const others = sessions.filter((session) => !session.current);
  return renderSection(
    "sessions",
    { title: say("sessions.title"), intro: say("sessions.intro") },
    html`<table part="sessions" class="sessions">
        <thead>
          <tr>
            <th scope="col">${say("sessions.device")}</th>
            <th scope="col">${say("sessions.place")}</th>
            <th scope="col">${say("sessions.lastUsed")}</th>
            <th scope="col"><span class="visually-hidden">${say("sessions.action")}</span></th>
          </tr>
        </thead>
        <tbody>
          ${sessions.map((session) => renderSession(view, session))}
        </tbody>
      </table>
      ${others.length === 0 ? html`<p class="muted">${say("sessions.only")}</p>` : nothing}`,
  );
}

function renderSession(view: ProfileView, session: Session) {
  const { say, settings } = view;
  const relative = formatRelativeTime(session.lastUsedAt, {
    locale: settings.locale,
    now: view.now,
  });
  const revoking = view.revoking(session.id);
  return html`<tr part="session ${session.current ? "session-current" : ""}" data-id=${session.id}>
    <td class="cell-device" data-label=${say("sessions.device")}>
      <div class="device-line">
        <span class="device">${session.device}</span>
        ${session.current ? html`<span part="current-badge" class="badge">${say("sessions.current")}</span>` : nothing}
        <span class="muted kind">${say(`sessions.kind.${session.kind}`)}</span>
      </div>
    </td>
    <td data-label=${say("sessions.place")}>
      ${session.ip === null ? html`<span class="muted">${say("sessions.ip.unknown")}</span>` : html`<span class="mono">${session.ip}</span>`}
    </td>
    <td data-label=${say("sessions.lastUsed")}>
      <time datetime=${session.lastUsedAt} title=${formatDateTime(session.lastUsedAt, settings)}>${relative}</time>
    </td>
    <td class="cell-action">
      ${
        session.current
          ? nothing
          : html`<button part="revoke-button" class="button button--small" type="button"
              ?disabled=${revoking}
              aria-label=${say("sessions.revoke.label", { device: session.device, when: relative })}
              @click=${() => view.revoke(session)}>
              ${say(revoking ? "sessions.revoking" : "sessions.revoke")}
            </button>`
      }
    </td>
  </tr>`;
}
