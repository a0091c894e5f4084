/**
 * Who a signed-in staff member is, as every capability sees them: the edge verifies the token
 * (bot/http/staff-auth.ts) and hands this on; no capability reads tokens itself.
 */
export const staffRoles = ['staff', 'moderator', 'admin'] as const;
/** `staff` runs live sessions, `moderator` answers questions, `admin` manages spaces and areas. */
export type StaffRole = (typeof staffRoles)[number];

export interface StaffIdentity {
  /** The token's stable user id (Entra `oid`, else `sub`): what records name, never an e-mail. */
  subject: string;
  /** A display name for the audit trail and the tab ("María Gómez"); may be empty. */
  name: string;
  roles: readonly StaffRole[];
}

/** What a record keeps of the staff member who acted. */
export interface StaffRef {
  subject: string;
  name: string;
}

export function staffRefOf(identity: StaffIdentity): StaffRef {
  return { subject: identity.subject, name: identity.name };
}

export function hasRole(identity: StaffIdentity, role: StaffRole): boolean {
  return identity.roles.includes(role);
}
