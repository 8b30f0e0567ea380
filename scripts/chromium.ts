// Debian's Chromium for the browser tests (never a downloaded browser). `npm test` runs this first: it finds the
// browser, installs Debian's package when it can (root with apt-get, the CI machine), or stops saying how.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

export const CHROMIUM_HOW_TO =
  "Install Debian's Chromium (as root: apt-get update && apt-get install -y chromium; `npm test` does this by itself when run as root) or set CHROMIUM_PATH to a Chromium binary.";

/** The Chromium binary, or undefined. */
export function locateChromium(): string | undefined {
  const configured = process.env.CHROMIUM_PATH;
  if (configured) return existsSync(configured) ? configured : undefined;
  return CANDIDATES.find((candidate) => existsSync(candidate));
}

/** The Chromium binary, or an error that says how to get one. */
export function findChromium(): string {
  const found = locateChromium();
  if (found) return found;
  const where = process.env.CHROMIUM_PATH ? `CHROMIUM_PATH=${process.env.CHROMIUM_PATH} does not exist` : `no Chromium at ${CANDIDATES.join(', ')}`;
  throw new Error(`The browser tests need Chromium: ${where}. ${CHROMIUM_HOW_TO}`);
}

function ensureChromium(): void {
  if (locateChromium()) return;
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!root || process.env.CHROMIUM_PATH || !existsSync('/usr/bin/apt-get')) {
    console.error(`Chromium is missing. ${CHROMIUM_HOW_TO}`);
    process.exit(1);
  }
  console.error("Chromium is missing: installing Debian's package (apt-get install chromium)…");
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env });
  findChromium();
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) ensureChromium();
