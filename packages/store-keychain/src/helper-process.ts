/**
 * Source of the keychain helper process, run with `node -e`. It owns every
 * call into `@napi-rs/keyring`: those are synchronous native calls, and on
 * Linux even constructing an entry blocks forever when the D-Bus peer never
 * answers. In a worker thread such a call would also block process exit, so
 * only a separate process can be abandoned safely (SPEC ST6).
 *
 * Protocol: one JSON request per stdin line, `{ id, op, account, secret? }`
 * with `op` one of get, set, delete, reach (a read), probe (write, read, delete); one JSON reply per stdout line,
 * `{ id, ok: true, value }` or `{ id, ok: false, message }`, after a first
 * `{ ready: true }` line. It exits when
 * stdin closes, that is when its parent goes away.
 * @internal
 */
export const HELPER_SOURCE = `
const [modulePath, service] = process.argv.slice(1);
const reply = (message) => process.stdout.write(JSON.stringify(message) + '\\n');
let keyring;
// Creating an entry opens a Secret Service session (a D-Bus round trip and
// a key exchange): reusing it makes a read about 8 times cheaper.
const entries = new Map();
const entry = (account) => {
  keyring = keyring || require(modulePath);
  let found = entries.get(account);
  if (!found) {
    if (entries.size >= 1000) entries.clear();
    found = new keyring.Entry(service, account, { linux: { store: 'secret-service' } });
    entries.set(account, found);
  }
  return found;
};
const run = ({ op, account, secret }) => {
  if (op === 'get' || op === 'reach') return entry(account).getPassword();
  if (op === 'set') return entry(account).setPassword(secret), null;
  if (op === 'delete') return entry(account).deletePassword();
  if (op === 'probe') {
    // Write, read and delete: a locked Linux keyring answers reads, then
    // blocks the first write on an unlock prompt nobody can see.
    const probe = entry(account);
    probe.setPassword('probe');
    const ok = probe.getPassword() === 'probe';
    probe.deletePassword();
    if (!ok) throw new Error('the probe entry read back differently');
    return null;
  }
  throw new Error('unknown operation ' + op);
};
// Loading the library is quick and never blocks; say when it is done, so the
// parent's call timeouts measure keychain calls, not Node's start-up.
try {
  keyring = require(modulePath);
} catch {}
reply({ ready: true });
require('node:readline').createInterface({ input: process.stdin })
  .on('line', (line) => {
    const request = JSON.parse(line);
    try {
      reply({ id: request.id, ok: true, value: run(request) ?? null });
    } catch (error) {
      // A failed entry may hold a broken session: start afresh next time.
      entries.clear();
      reply({ id: request.id, ok: false, message: String((error && error.message) || error) });
    }
  })
  .on('close', () => process.exit(0));
`;
