// Store keys of the Teams adapter (prefix `teams:`).
export const teamsKeys = {
  /** Where and how to reach a conversation the bot is in (serviceUrl, tenant, kind). */
  conversation: (conversationId: string) => `teams:conversation:${conversationId}`,
  /** The channels of a team the bot has heard from (a member leaving the team leaves them all). */
  team: (teamId: string) => `teams:team:${teamId}`,
  /** A person's personal chat with the bot, or the mark that they removed the app. */
  person: (userId: string) => `teams:person:${userId}`,
  /** A file waiting for the person's consent in the personal chat. */
  pendingFile: (id: string) => `teams:file:${id}`,
};
