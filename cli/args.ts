// Minimal flag parsing for the CLI: --flag, --flag value, --flag=value and positionals.

export interface ParsedArgs {
  positionals: string[];
  flags: Map<string, string | true>;
}

/** Flags listed in `valued` take the next word as their value unless it starts with "--". */
export function parseArgs(argv: readonly string[], valued: readonly string[] = []): ParsedArgs {
  const positionals: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]!;
    if (!word.startsWith('--')) {
      positionals.push(word);
      continue;
    }
    const [name, inline] = word.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    if (inline !== undefined) flags.set(name, inline);
    else if (valued.includes(name) && argv[i + 1] !== undefined && !argv[i + 1]!.startsWith('--')) flags.set(name, argv[++i]!);
    else flags.set(name, true);
  }
  return { positionals, flags };
}
