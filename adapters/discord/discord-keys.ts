// Store key layout of the Discord adapter; every key starts with "discord:".

export const discordKeys = {
  /** A user whose direct messages are closed to the bot (error 50007). */
  dmClosed: (userId: string) => `discord:dm-closed:${userId}`,
  /** A button whose action id and value are too long for a 100-character custom id. */
  longCustomId: (hash: string) => `discord:custom-id:${hash}`,
  /** A form waiting to be shown as a modal (its context does not fit in a custom id). */
  pendingForm: (formKey: string) => `discord:form:${formKey}`,
  /** A Discord role that grants a network role to its members (`/liso rol <rol> @Rol`). */
  roleLinks: (networkId: string) => `discord:role-links:${networkId}`,
  /** Network roles given through such a link, so they can be taken back exactly. */
  roleGrants: (networkId: string) => `discord:role-grants:${networkId}`,
};
