/** Discord permission bits that make a member a moderator of dreams (Administrator implies every permission). */
export const ADMINISTRATOR = 1n << 3n;
export const MANAGE_GUILD = 1n << 5n;
export const MANAGE_MESSAGES = 1n << 13n;

/**
 * A moderator may reset, skip and change settings: Manage Messages or Manage Server in the channel, or the
 * moderator role a server set. Checked in code when used, because a subcommand cannot carry its own
 * `default_member_permissions`.
 */
export function isModerator(
	permissions: bigint | null,
	roleIds: readonly string[],
	moderatorRoleId: string | null,
): boolean {
	if (permissions !== null && (permissions & (ADMINISTRATOR | MANAGE_GUILD | MANAGE_MESSAGES)) !== 0n) return true;
	return moderatorRoleId !== null && roleIds.includes(moderatorRoleId);
}
