// A web chat host for the tests, as MCP Apps (2026-01-26) describes one: the host page on one
// origin, and the sandbox proxy that holds a view on a second origin, under the
// Content-Security-Policy the view's resource declares (sent as an HTTP header, built as the
// spec's "CSP Construction from Metadata" says). Serves host/ and node_modules/ from this folder.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.dirname(fileURLToPath(import.meta.url));
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.json': 'application/json', '.map': 'application/json', '.css': 'text/css' };

// Entries that could break out of a directive are dropped, as hosts do.
function sources(list) {
  return (Array.isArray(list) ? list : []).filter((entry) => typeof entry === 'string' && !/[;\r\n'" ,]/.test(entry)).join(' ');
}

export function contentSecurityPolicy(csp) {
  if (!csp) {
    return "default-src 'none'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; media-src 'self' data:; connect-src 'none'";
  }
  const resources = sources(csp.resourceDomains);
  return [
    "default-src 'none'",
    `script-src 'self' 'unsafe-inline' ${resources}`,
    `style-src 'self' 'unsafe-inline' ${resources}`,
    `connect-src 'self' ${sources(csp.connectDomains)}`,
    `img-src 'self' data: ${resources}`,
    `font-src 'self' ${resources}`,
    `media-src 'self' data: ${resources}`,
    `frame-src ${sources(csp.frameDomains) || "'none'"}`,
    "object-src 'none'",
    `base-uri ${sources(csp.baseUriDomains) || "'self'"}`,
  ].map((directive) => directive.trim()).join('; ');
}

function listen(server) {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${server.address().port}`)));
}

function serveFile(response, file) {
  if (!file.startsWith(ROOT) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
    response.writeHead(404).end();
    return;
  }
  response.setHeader('Content-Type', TYPES[path.extname(file)] || 'application/octet-stream');
  fs.createReadStream(file).pipe(response);
}

// Starts the host and sandbox servers; answers their origins.
export async function startHost() {
  const policies = [];
  const host = http.createServer((request, response) => {
    const url = new URL(request.url, 'http://host');
    serveFile(response, path.normalize(path.join(ROOT, decodeURIComponent(url.pathname))));
  });
  const sandbox = http.createServer((request, response) => {
    const url = new URL(request.url, 'http://sandbox');
    if (url.pathname !== '/host/sandbox.html') {
      response.writeHead(404).end();
      return;
    }
    let csp;
    try {
      csp = url.searchParams.has('csp') ? JSON.parse(url.searchParams.get('csp')) : undefined;
    } catch (e) {
      csp = undefined;
    }
    const policy = contentSecurityPolicy(csp);
    policies.push(policy);
    response.setHeader('Content-Security-Policy', policy);
    response.setHeader('Cache-Control', 'no-store');
    serveFile(response, path.join(ROOT, 'host', 'sandbox.html'));
  });
  return { host: await listen(host), sandbox: await listen(sandbox), policies };
}
