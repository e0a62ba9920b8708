// k6/http for running an exported k6 script under node in the tests: each request is a real HTTP request, sent
// synchronously (as k6's are) by curl, and logged for the test's assertions.
import { execFileSync } from 'node:child_process';

export const log = [];

function request(method, url, body, params) {
  const args = ['-s', '-i', '-X', method, '--max-time', '10'];
  for (const [name, value] of Object.entries(params.headers || {})) args.push('-H', `${name}: ${value}`);
  if (body !== null && body !== undefined) args.push('--data-binary', body);
  args.push(url);
  const raw = execFileSync('curl', args, { encoding: 'utf8' });
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.substring(0, split).split('\r\n');
  const text = raw.substring(split + 4);
  const status = Number(head[0].split(' ')[1]);
  const headers = {};
  for (const line of head.slice(1)) {
    const colon = line.indexOf(':');
    const name = line.substring(0, colon).split('-').map((w) => w.charAt(0).toUpperCase() + w.substring(1).toLowerCase()).join('-');
    headers[name] = line.substring(colon + 1).trim();
  }
  log.push({ method, url, status, endpoint: params.tags.endpoint, authorization: (params.headers || {}).Authorization || null });
  return { status, body: text, headers, json: () => JSON.parse(text) };
}

export default { request, expectedStatuses: (...expected) => ({ expected }) };
