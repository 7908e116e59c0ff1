// The Node side of the Java tests: drives Debian's Chromium (headless) and the official MCP
// TypeScript client. Reads one JSON command per line on stdin and answers one JSON line per
// command on stdout: {"id", "ok", "value"} or {"id", "ok": false, "error"}. Chromium starts with
// the first page command; only 127.0.0.1 and localhost may be loaded in it: every other request
// is aborted and recorded, so no test ever loads anything from a CDN.
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { mcpCommands } from './mcp-client-commands.mjs';
import { startHost } from './test-host.mjs';

const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mcp-ui-chromium-'));
const blocked = [];
let browser = null;

async function launch() {
  if (!fs.existsSync(executablePath)) {
    throw new Error(`Chromium not found at ${executablePath}: install it (apt-get install -y chromium) or set CHROMIUM`);
  }
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    viewport: { width: 1100, height: 850 },
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      // Pages start music on a message from the server, not on a click.
      '--autoplay-policy=no-user-gesture-required',
    ],
  });
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    const local = url.hostname === '127.0.0.1' || url.hostname === 'localhost';
    if ((url.protocol === 'http:' || url.protocol === 'https:' || url.protocol === 'ws:') && !local) {
      blocked.push(url.href);
      return route.abort();
    }
    return route.continue();
  });
  return context;
}

async function context() {
  if (!browser) browser = launch();
  return browser;
}

const pages = new Map();
const consoleErrors = [];
let nextPage = 1;

function page(id) {
  const found = pages.get(id);
  if (!found) throw new Error(`no page ${id}`);
  return found;
}

const commands = {
  ...mcpCommands,
  async open({ url }) {
    const p = await (await context()).newPage();
    p.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    await p.goto(url, { waitUntil: 'load' });
    const id = nextPage++;
    pages.set(id, p);
    return id;
  },
  async eval({ page: id, js }) {
    return await page(id).evaluate(js);
  },
  // Evaluates in the innermost frame of a page: a chat host's view inside its sandbox proxy.
  async evalInView({ page: id, js }) {
    const frames = page(id).frames();
    const view = frames.find((frame) => frame.parentFrame() && frame.parentFrame().parentFrame());
    if (!view) throw new Error('the page shows no view');
    return await view.evaluate(js);
  },
  async startChatHost() {
    const { host, sandbox } = await startHost();
    return { host, sandbox };
  },
  async waitFor({ page: id, js, timeoutMs }) {
    await page(id).waitForFunction(js, null, { timeout: timeoutMs || 15000 });
    return true;
  },
  async click({ page: id, selector }) {
    await page(id).click(selector);
    return true;
  },
  async screenshot({ page: id, file }) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    await page(id).screenshot({ path: file, fullPage: true });
    return file;
  },
  async reload({ page: id }) {
    await page(id).reload({ waitUntil: 'load' });
    return true;
  },
  async closePage({ page: id }) {
    await page(id).close();
    pages.delete(id);
    return true;
  },
  async blocked() {
    return blocked;
  },
  async consoleErrors() {
    return consoleErrors;
  },
  async quit() {
    if (browser) await (await browser).close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
    setImmediate(() => process.exit(0));
    return true;
  },
};

console.log(JSON.stringify({ id: 0, ok: true, value: 'ready' }));
const input = readline.createInterface({ input: process.stdin });
input.on('line', async (line) => {
  let command;
  try {
    command = JSON.parse(line);
    const handler = commands[command.cmd];
    if (!handler) throw new Error(`unknown command ${command.cmd}`);
    const value = await handler(command);
    console.log(JSON.stringify({ id: command.id, ok: true, value: value === undefined ? null : value }));
  } catch (e) {
    console.log(JSON.stringify({ id: command ? command.id : -1, ok: false, error: String((e && e.message) || e) }));
  }
});
// Java went away: do not leave Chromium behind.
input.on('close', async () => {
  if (browser) await (await browser).close().catch(() => {});
  fs.rmSync(userDataDir, { recursive: true, force: true });
  process.exit(0);
});
