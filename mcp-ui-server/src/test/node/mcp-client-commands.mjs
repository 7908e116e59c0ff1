// The official MCP TypeScript client (v2, @modelcontextprotocol/client) as commands of the Node
// test driver, so that Java tests can drive it: connect in a given version-negotiation mode, list
// tools, call one (with progress, or started and then aborted), close.
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';

const clients = new Map();
const calls = new Map();
let nextClient = 1;
let nextCall = 1;

function client(id) {
  const found = clients.get(id);
  if (!found) throw new Error(`no MCP client ${id}`);
  return found;
}

function call(id) {
  const found = calls.get(id);
  if (!found) throw new Error(`no MCP call ${id}`);
  return found;
}

// 'legacy' (initialize, 2025 revisions), 'auto' (server/discover first, else legacy) or 'pin'
// (2026-07-28 or fail).
function negotiation(mode) {
  return mode === 'pin' ? { pin: '2026-07-28' } : mode;
}

// Sends each request to the next of several servers in turn, as a load balancer without
// stickiness would, and counts the requests each one got.
function alternating(origins, counts) {
  let next = 0;
  return (input, init) => {
    const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
    const origin = new URL(origins[next++ % origins.length]);
    url.protocol = origin.protocol;
    url.host = origin.host;
    counts[origin.host] = (counts[origin.host] || 0) + 1;
    return fetch(url, init);
  };
}

export const mcpCommands = {
  async mcpConnect({ url, mode, alternateWith, headers }) {
    const counts = {};
    const mcp = new Client({ name: 'mcp-ui-tests', version: '1.0.0' }, { versionNegotiation: { mode: negotiation(mode) } });
    const options = {};
    if (alternateWith) options.fetch = alternating([url, ...alternateWith], counts);
    if (headers) options.requestInit = { headers };
    await mcp.connect(new StreamableHTTPClientTransport(new URL(url), options));
    const id = nextClient++;
    clients.set(id, { mcp, counts });
    return { client: id, protocolVersion: mcp.getNegotiatedProtocolVersion() ?? null };
  },
  async mcpListTools({ client: id }) {
    const listed = await client(id).mcp.listTools();
    return listed.tools.map((tool) => ({ name: tool.name, meta: tool._meta ?? null }));
  },
  async mcpCall({ client: id, tool, args, progress }) {
    const updates = [];
    const options = progress ? { onprogress: (update) => updates.push(update), resetTimeoutOnProgress: true } : {};
    const result = await client(id).mcp.callTool({ name: tool, arguments: args ?? {} }, options);
    return { result, progress: updates };
  },
  // Starts a call and answers at once with its handle; mcpAbort gives up on it as a user would.
  async mcpStartCall({ client: id, tool, args }) {
    const controller = new AbortController();
    const updates = [];
    const promise = client(id)
      .mcp.callTool({ name: tool, arguments: args ?? {} }, { signal: controller.signal, onprogress: (update) => updates.push(update) })
      .then((result) => ({ result }), (error) => ({ error: String((error && error.message) || error) }));
    const handle = nextCall++;
    calls.set(handle, { controller, promise, updates });
    return handle;
  },
  async mcpCallProgress({ call: handle }) {
    return call(handle).updates;
  },
  async mcpAbort({ call: handle }) {
    const started = call(handle);
    started.controller.abort('the user pressed stop');
    const outcome = await started.promise;
    calls.delete(handle);
    return outcome;
  },
  async mcpRequestCounts({ client: id }) {
    return client(id).counts;
  },
  async mcpClose({ client: id }) {
    await client(id).mcp.close();
    clients.delete(id);
    return true;
  },
};
