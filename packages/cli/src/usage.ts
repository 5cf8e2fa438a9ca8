/** `ratchet --help`: its own module, which the command's launcher prints without loading the rest of the command. */
export const USAGE = `Usage: ratchet <command> [options]

Commands:
  resolve                  the effective configuration under the requirements
  explain KEY              why one value is what it is (KEY may point inside a table: mcp_servers.docs)
  check -- COMMAND...      may this command run: allow, prompt, forbidden, or none (--rules FILE, repeatable;
                           --batch: one JSON command per line of stdin, one answer per line)
  check-domain HOST        may the agent reach this host: allow, ask or deny, and the entry that decided (--port N)
  mcp list                 the configured MCP servers, which may run, and why not
  mcp check NAME           may this MCP server start (--command CMD [--arg ARG]... | --url URL, --from-plugin P)
  hooks run EVENT          run the hooks in force for an event (--tool NAME, --source NAME, --payload JSON|@FILE)
  check-write KEY=VALUE... may a host write these config.toml values (profiles.NAME.KEY for a profile)?
  config set KEY VALUE     change config.toml, all edits or none, refused when requirements forbid the result
  config unset KEY         (both: --profile NAME, --file PATH)
  validate FILE...         check requirements files, listing every problem
  sources                  each requirements source: whether it gave a layer, from where, how old, any problem
  schema                   the JSON Schema of requirements.toml
  serve                    a decision service: JSON-RPC 2.0, one message per line, on stdio or --socket PATH
  test [PATH]...           run policy test files (*.test.toml); --reporter text|json|junit|tap
  diff OLD NEW             what NEW loosens or tightens against OLD (each a file or FILE,FILE layers), with witnesses
  simulate --corpus PATH   the policy (and --candidate FILE) over config.toml files and command logs (*.jsonl)

Policy options (every command that loads the requirements):
  --requirements FILE   a requirements layer, highest precedence first (repeatable); without it the default
                        sources are read: cloud and MDM when configured, the system requirements.toml, and
                        the legacy managed_config.toml beside it
  --managed-config FILE a legacy managed_config.toml, read below the --requirements files
  --no-default-sources  read no requirements unless --requirements names some
  --config FILE         the user's config.toml (default $CODEX_HOME/config.toml, else ~/.codex/config.toml)
  --profile NAME        the active [profiles.NAME]
  -c, --override K=V    a config override (TOML value), last wins (repeatable)
  --hostname NAME       the host name for [[remote_sandbox_config]] (default: this machine's)
  --strict              combine every field across layers by tightening instead of by precedence
  --json                print JSON

Plugins (every command):
  --plugin MODULE       load a plugin package or file, found from the current folder as import finds it; its
                        default export is a provider, a list of providers, or a function returning either
                        (repeatable). RATCHET_PLUGINS lists more, separated by commas or spaces
`;
