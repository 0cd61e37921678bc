import type { ActivityRecord } from "../../activity/customer-activity-service.ts";
import { Timestamp, z } from "../../http/openapi.ts";

export const ActivityEntrySchema = z
  .object({
    id: z.string().openapi({ example: "evt_01JDQ8W3ZJ5X2V7M4K9T6R1BNA" }),
    action: z.string().openapi({ example: "activation.deactivated" }),
    actor: z.enum(["customer", "software", "vendor", "system"]),
    user: z.object({ id: z.string(), name: z.string() }).nullable().openapi({
      description: "The person who acted, when a customer did.",
    }),
    subjectType: z.string().nullable(),
    subjectId: z.string().nullable(),
    licenseId: z.string().nullable(),
    data: z.record(z.string(), z.unknown()),
    ip: z.string().nullable(),
    createdAt: Timestamp,
  })
  .openapi("ActivityEntry");

/** An example entry, shaped like the demo's: a customer deactivating a machine. */
export const ACTIVITY_EXAMPLE = {
  id: "evt_01M8RJKPBXRR5NM9PRS9GRDEKZ",
  action: "activation.deactivated",
  actor: "customer",
  user: { id: "usr_01M8RJKMW25CB221W39DFK43MA", name: "Olivia Owner" },
  subjectType: "activation",
  subjectId: "act_01M6BAP0ZQE4K7QCPXEHHN6FQZ",
  licenseId: "lic_01M8RJKNM4JFKGXV0QGRPFG3Q7",
  data: { kind: "machine", name: "MAX-LAPTOP", reason: "Replaced the laptop" },
  ip: "203.0.113.24",
  createdAt: "2026-12-01T10:40:12.118Z",
} as const;

export function activityJson(row: ActivityRecord) {
  return {
    id: row.id,
    action: row.action,
    actor: row.actor,
    user:
      row.user_id !== null && row.user_name !== null
        ? { id: row.user_id, name: row.user_name }
        : null,
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    licenseId: row.license_id,
    data: row.data,
    ip: row.ip,
    createdAt: row.created_at.toISOString(),
  };
}
