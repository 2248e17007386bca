import { parseArgs } from 'node:util';
import { type StoreKind, storeKinds } from '../stores/index.js';

/** Parsed command line. */
export interface CliOptions {
  readonly help: boolean;
  readonly list: boolean;
  readonly out: string;
  readonly verbose: boolean;
  readonly strategies: string[];
  readonly profiles: string[];
  readonly stores: StoreKind[];
  readonly official: boolean;
  readonly officialScenarios: string[];
  readonly catalogue: boolean;
  readonly server?: string;
  readonly noBrowser: boolean;
  readonly callbackPort?: number;
  readonly clientId?: string;
  readonly clientSecretEnv?: string;
  readonly idpIssuer?: string;
  readonly idpClientId?: string;
  readonly idpClientSecretEnv?: string;
  readonly clientMetadataUrl?: string;
  readonly scope?: string;
  readonly callTool?: string;
  readonly storeDir?: string;
  readonly timeoutSeconds: number;
  readonly allowInsecure: boolean;
}

/** The one-line usage shown with a usage error, so the error stays on screen. */
export const USAGE =
  'Usage: pnpm conformance [-- --strategy ID --profile ID --store KIND | --server URL | --official]';

/** What a usage error prints: the error, the usage line and where the rest is. */
export function usageError(message: string): string {
  return `${message}\n${USAGE}\nRun with --help for all options.`;
}

/** The strategies `--help` names, read from the code that runs them so the list cannot go stale. */
export interface HelpStrategies {
  /** Every strategy the catalogue runs (the adapters' ids). */
  readonly catalogue: readonly string[];
  /** The strategies live mode drives, the default first. */
  readonly live: readonly string[];
}

/** Words joined with `, ` and wrapped under a 24-column option column, within 88 columns. */
function wrapList(words: readonly string[], first: number): string {
  const lines: string[] = [];
  let line = '';
  let room = 88 - first;
  for (const word of words.map((w, i) => (i < words.length - 1 ? `${w},` : w))) {
    if (line && line.length + 1 + word.length > room) {
      lines.push(line);
      line = word;
      room = 88 - 24;
    } else line = line ? `${line} ${word}` : word;
  }
  lines.push(line);
  return lines.join(`\n${' '.repeat(24)}`);
}

/** `--help` text: every option, with defaults and examples. */
export function helpText(strategies: HelpStrategies): string {
  const [liveDefault, ...liveOthers] = strategies.live;
  const catalogueLead = '  --strategy ID         only this strategy (repeatable): ';
  const liveLead = '  --strategy ID         ';
  return `Usage: pnpm conformance [-- options]

Runs the @mcp-oauth conformance catalogue on mocked servers (no network), a
live check against a real MCP server, or the official MCP conformance suite,
prints a table and writes report.json, junit.xml and report.html.

Catalogue (default): every strategy × every mock provider profile × every store
${catalogueLead}${wrapList(strategies.catalogue, catalogueLead.length)}
  --profile ID          only this profile (repeatable); --list shows them
  --store KIND          only this store (repeatable): ${storeKinds.join(', ')}
                        (keychain scenarios are skipped where no OS keychain answers)
  --list                list the scenarios and exit
  --verbose             one line per scenario while running

Official suite:
  --official            also run the pinned official MCP conformance runner
                        (@modelcontextprotocol/conformance, auth scenarios) against
                        the client-under-test and fold its results into the report
  --official-scenario NAME  only this official scenario (repeatable), e.g. auth/metadata-default
  --no-catalogue        with --official: run the official suite only

Live mode: a real MCP server and its real authorization server
  --server URL          the MCP server URL (Streamable HTTP); switches to live mode
${liveLead}${wrapList([`${liveDefault} (default)`, ...liveOthers], liveLead.length)}
  --store KIND          memory (default: nothing persists), file or keychain
  --store-dir DIR       folder of the file store (default: a temporary folder)
  --no-browser          do not open a browser: print the URL and paste the callback
                        URL back (remote machines)
  --callback-port N     fixed loopback callback port (default: a free one); use the
                        port the provider has registered for a pre-registered client
  --client-id ID        a pre-registered client id (skips dynamic registration);
                        with cross-app-access, this app's client id at the server's AS
  --client-secret-env V environment variable holding that client's secret
  --idp-issuer URL      cross-app-access: the company IdP's OIDC issuer
  --idp-client-id ID    cross-app-access: this app's client id at the IdP
  --idp-client-secret-env V  cross-app-access: environment variable with the IdP client secret
  --client-metadata-url URL  an https client ID metadata document URL
  --scope SCOPE         scope to request when the server does not say
  --call-tool NAME      also call this tool; a 403 insufficient_scope runs step-up
  --timeout SECONDS     time allowed for the browser login (default 300)
  --allow-insecure      development only: allow plain http to non-loopback hosts

Common:
  --out DIR             report folder (default reports/conformance)
  -h, --help            this text

Exit code: 0 when every scenario passed, 1 when any failed, 2 on bad usage.

Examples:
  pnpm conformance
  pnpm conformance -- --profile slack --profile github --store memory
  pnpm conformance -- --server https://mcp.example.com/mcp
  pnpm conformance -- --server https://mcp.example.com/mcp --store keychain --no-browser
  pnpm conformance -- --server https://mcp.example.com/mcp --strategy cross-app-access \\
    --idp-issuer https://acme.okta.com --idp-client-id mcp-desktop --client-id as-client --client-secret-env AS_SECRET
  pnpm conformance -- --official --no-catalogue
`;
}

/** Parses argv (without the node and script paths); throws a TypeError on bad usage. */
export function parseCli(argv: readonly string[]): CliOptions {
  const { values } = parseArgs({
    args: argv.filter((a) => a !== '--'),
    options: {
      help: { type: 'boolean', short: 'h', default: false },
      list: { type: 'boolean', default: false },
      out: { type: 'string', default: 'reports/conformance' },
      verbose: { type: 'boolean', default: false },
      strategy: { type: 'string', multiple: true, default: [] },
      profile: { type: 'string', multiple: true, default: [] },
      store: { type: 'string', multiple: true, default: [] },
      official: { type: 'boolean', default: false },
      'no-catalogue': { type: 'boolean', default: false },
      'official-scenario': { type: 'string', multiple: true, default: [] },
      server: { type: 'string' },
      'no-browser': { type: 'boolean', default: false },
      'callback-port': { type: 'string' },
      'client-id': { type: 'string' },
      'client-secret-env': { type: 'string' },
      'idp-issuer': { type: 'string' },
      'idp-client-id': { type: 'string' },
      'idp-client-secret-env': { type: 'string' },
      'client-metadata-url': { type: 'string' },
      scope: { type: 'string' },
      'call-tool': { type: 'string' },
      'store-dir': { type: 'string' },
      timeout: { type: 'string', default: '300' },
      'allow-insecure': { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  const stores = values.store as string[];
  for (const s of stores) {
    if (!(storeKinds as readonly string[]).includes(s)) {
      throw new TypeError(`--store must be one of ${storeKinds.join(', ')}, got ${s}`);
    }
  }
  const port = values['callback-port'];
  const callbackPort = port === undefined ? undefined : Number(port);
  if (
    callbackPort !== undefined &&
    !(Number.isInteger(callbackPort) && callbackPort > 0 && callbackPort < 65536)
  ) {
    throw new TypeError(`--callback-port must be a port number, got ${port}`);
  }
  const timeoutSeconds = Number(values.timeout);
  if (!(timeoutSeconds > 0))
    throw new TypeError(`--timeout must be a number of seconds, got ${values.timeout}`);
  if (values.server !== undefined && !/^https?:\/\//.test(values.server)) {
    throw new TypeError(`--server must be an http(s) URL, got ${values.server}`);
  }
  if (
    values['no-catalogue'] &&
    !values.official &&
    !(values['official-scenario'] as string[]).length
  ) {
    throw new TypeError('--no-catalogue needs --official (otherwise there is nothing to run)');
  }
  return {
    help: values.help as boolean,
    list: values.list as boolean,
    out: values.out as string,
    verbose: values.verbose as boolean,
    strategies: values.strategy as string[],
    profiles: values.profile as string[],
    stores: stores as StoreKind[],
    official: (values.official as boolean) || (values['official-scenario'] as string[]).length > 0,
    officialScenarios: values['official-scenario'] as string[],
    catalogue: !values['no-catalogue'],
    ...(values.server ? { server: values.server } : {}),
    noBrowser: values['no-browser'] as boolean,
    ...(callbackPort ? { callbackPort } : {}),
    ...(values['client-id'] ? { clientId: values['client-id'] } : {}),
    ...(values['client-secret-env'] ? { clientSecretEnv: values['client-secret-env'] } : {}),
    ...(values['idp-issuer'] ? { idpIssuer: values['idp-issuer'] } : {}),
    ...(values['idp-client-id'] ? { idpClientId: values['idp-client-id'] } : {}),
    ...(values['idp-client-secret-env']
      ? { idpClientSecretEnv: values['idp-client-secret-env'] }
      : {}),
    ...(values['client-metadata-url'] ? { clientMetadataUrl: values['client-metadata-url'] } : {}),
    ...(values.scope ? { scope: values.scope } : {}),
    ...(values['call-tool'] ? { callTool: values['call-tool'] } : {}),
    ...(values['store-dir'] ? { storeDir: values['store-dir'] } : {}),
    timeoutSeconds,
    allowInsecure: values['allow-insecure'] as boolean,
  };
}
