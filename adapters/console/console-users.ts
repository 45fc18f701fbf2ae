// People in a console chat: created on first use by name, identified by a lower-case slug.

export interface ConsoleUser {
  userId: string;
  displayName: string;
}

export class ConsoleUsers {
  private readonly users = new Map<string, ConsoleUser>();

  /** The user with this name, created when new. Names are one or more words. */
  ensure(name: string): ConsoleUser {
    const displayName = name.trim().replace(/\s+/g, ' ').slice(0, 60);
    const userId = slug(displayName);
    let user = this.users.get(userId);
    if (!user) this.users.set(userId, (user = { userId, displayName }));
    return user;
  }

  get(userId: string): ConsoleUser | undefined {
    return this.users.get(userId);
  }

  all(): ConsoleUser[] {
    return [...this.users.values()];
  }
}

export function slug(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '') || 'anoniem';
}
