import type { PortalClient, Session } from "@keyport/sdk";
import type { Task } from "@lit/task";
import type { ReactiveControllerHost } from "lit";
import { createActionTask } from "../internal/action-task.ts";
import type { FormId } from "./profile-view.ts";

/** The element the tasks belong to: they update it and report their failures from it. */
export type ProfileTasksHost = ReactiveControllerHost &
  EventTarget & { readonly client: PortalClient };

/** One action task per request: the forms' by form, and the buttons' beside them. */
export function createProfileTasks(host: ProfileTasksHost) {
  const client = () => host.client;
  return {
    forms: {
      name: createActionTask(host, ([name]: [string], { signal }) =>
        client().me.update({ name }, { signal }),
      ),
      email: createActionTask(host, ([newEmail, password]: [string, string], { signal }) =>
        client().me.changeEmail({ newEmail, password }, { signal }),
      ),
      password: createActionTask(
        host,
        ([currentPassword, newPassword]: [string, string], { signal }) =>
          client().me.changePassword({ currentPassword, newPassword }, { signal }),
      ),
      setup: createActionTask(host, ([password]: [string], { signal }) =>
        client().me.totp.beginSetup({ password }, { signal }),
      ),
      enable: createActionTask(host, ([code]: [string], { signal }) =>
        client().me.totp.enable({ code }, { signal }),
      ),
      disable: createActionTask(host, ([password, code]: [string, string], { signal }) =>
        client().me.totp.disable({ password, code }, { signal }),
      ),
    } satisfies Record<FormId, Task<never, unknown>>,
    confirm: createActionTask(host, ([token]: [string], { signal }) =>
      client().me.confirmEmail({ token }, { signal }),
    ),
    revoke: createActionTask(host, ([session]: [Session], { signal }) =>
      client().me.sessions.revoke(session.id, { signal }),
    ),
  };
}

export type ProfileTasks = ReturnType<typeof createProfileTasks>;
