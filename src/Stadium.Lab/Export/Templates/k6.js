{{HEADER}}

import http from 'k6/http';
import { check, sleep } from 'k6';
import exec from 'k6/execution';
import { Counter } from 'k6/metrics';

// The scenario as the lab planned it: phases laid end to end, each phase's journey mix, the accounts and the gates.
const PLAN = {{PLAN}};

export const options = {{OPTIONS}};

const BASE_URL = (__ENV.BASE_URL || PLAN.target).replace(/\/+$/, '');
const TIMEOUT = `${PLAN.requestTimeoutSeconds}s`;
const shed = new Counter('stadium_shed');
const backedOff = new Counter('stadium_backed_off');
const errors = new Counter('stadium_errors');

// 2xx and 3xx are answers; a shed (503/429) is one too where the scenario expects the server to shed.
const answered = http.expectedStatuses({ min: 200, max: 399 });
const answeredOrShed = http.expectedStatuses({ min: 200, max: 399 }, 429, 503);

function weightedPick(entries) {
  let total = 0;
  for (const [, weight] of entries) total += weight;
  let x = Math.random() * total;
  for (const [item, weight] of entries) {
    x -= weight;
    if (x < 0) return item;
  }
  return entries[entries.length - 1][0];
}

// Sends one request and records what the lab records: a shed where one is expected, an error for any other 4xx/5xx.
function request(method, path, body, endpoint, headers) {
  const expectShed = PLAN.expectShed.includes(endpoint);
  const url = /^https?:\/\//.test(path) ? path : BASE_URL + path;
  const response = http.request(method, url, body, {
    headers: headers,
    timeout: TIMEOUT,
    tags: { name: endpoint, endpoint: endpoint },
    responseCallback: expectShed ? answeredOrShed : answered,
  });
  const wasShed = expectShed && (response.status === 503 || response.status === 429);
  if (wasShed) {
    shed.add(1, { endpoint: endpoint });
  } else if (response.status === 0 || response.status >= 400) {
    errors.add(1, { endpoint: endpoint });
  }
  check(response, { [`${endpoint} answered`]: (r) => wasShed || (r.status >= 200 && r.status < 400) }, { endpoint: endpoint });
  return response;
}

function phase() {
  return PLAN.phases[Number(__ENV.STADIUM_PHASE || 0)];
}

// ---- Generic mode: a weighted list of requests ----

function requestList() {
  const picked = weightedPick(PLAN.requests.map((r) => [r, r.weight]));
  const headers = Object.assign({}, picked.headers);
  if (picked.body !== null && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
    headers['Content-Type'] = 'application/json';
  }
  request(picked.method, picked.url, picked.body, picked.name, headers);
}

// ---- Journeys ----

// Zipf over ranks 1..population (rank = user id): a few accounts are very busy, most are quiet.
const zipf = (() => {
  const cumulative = new Array(PLAN.population || 0);
  let sum = 0;
  for (let rank = 1; rank <= cumulative.length; rank++) {
    sum += 1 / Math.pow(rank, PLAN.zipfExponent);
    cumulative[rank - 1] = sum;
  }
  return cumulative;
})();

function zipfRank() {
  const x = Math.random() * zipf[zipf.length - 1];
  let low = 0;
  let high = zipf.length - 1;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (zipf[mid] < x) low = mid + 1;
    else high = mid;
  }
  return low + 1;
}

// This VU's sessions by account id: tokens reused until close to expiry, as a real client keeps them.
const sessions = new Map();

function session(id) {
  let s = sessions.get(id);
  if (!s) {
    s = { id: id, username: `user${id}`, access: null, refresh: null, refreshAfter: 0, loginNotBefore: 0 };
    sessions.set(id, s);
  }
  return s;
}

function json(response) {
  try {
    return response.json();
  } catch (e) {
    return null;
  }
}

function storeTokens(s, response) {
  const body = json(response);
  if (!body || !body.accessToken || !body.refreshToken) return false;
  const lifetime = body.expiresIn || 60;
  // Renewed with a tenth of the lifetime (at most a minute) to spare, as mobile clients do.
  s.access = body.accessToken;
  s.refresh = body.refreshToken;
  s.refreshAfter = Date.now() + (lifetime - Math.min(60, lifetime / 10)) * 1000;
  return true;
}

function forget(s) {
  s.access = null;
  s.refresh = null;
  s.refreshAfter = 0;
}

// A session that can send: kept, renewed with the refresh token, else a login. A shed login (503/429) keeps the
// account away for its Retry-After (a second without one), so a shed login storm thins out instead of feeding on itself.
function ensureToken(s, rejected) {
  if (!rejected && s.access && Date.now() < s.refreshAfter) return true;
  if (!s.access && Date.now() < s.loginNotBefore) {
    backedOff.add(1);
    return false;
  }
  const jsonHeaders = { 'Content-Type': 'application/json' };
  if (s.refresh) {
    const refreshed = request('POST', '/v1/auth/refresh', JSON.stringify({ refreshToken: s.refresh }), 'refresh', jsonHeaders);
    if (refreshed.status >= 200 && refreshed.status < 300 && storeTokens(s, refreshed)) return true;
    forget(s);
  }
  const login = request('POST', '/v1/auth/login', JSON.stringify({ username: s.username, password: PLAN.password }), 'login', jsonHeaders);
  if (login.status >= 200 && login.status < 300 && storeTokens(s, login)) return true;
  if (login.status === 503 || login.status === 429) {
    const retryAfter = Number(login.headers['Retry-After']);
    s.loginNotBefore = Date.now() + (Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : 1) * 1000;
  }
  return false;
}

// One request as the account; a 401 is answered by renewing the session and sending once more.
function send(s, method, path, body, endpoint, extraHeaders) {
  const headers = Object.assign({}, extraHeaders);
  if (body !== null) headers['Content-Type'] = 'application/json';
  const token = s.access;
  let response = request(method, path, body, endpoint, Object.assign({ Authorization: `Bearer ${token}` }, headers));
  if (response.status === 401 && ensureToken(s, token)) {
    response = request(method, path, body, endpoint, Object.assign({ Authorization: `Bearer ${s.access}` }, headers));
  }
  return response;
}

// Up to maxPages pages of a list, following nextCursor; at its end, from the top again (pull to refresh) or stop.
function readPages(s, path, endpoint, maxPages, startOverAtEnd) {
  let cursor = null;
  for (let page = 0; page < maxPages; page++) {
    const query = cursor === null ? `${path}?limit=${PLAN.pageSize}` : `${path}?limit=${PLAN.pageSize}&cursor=${encodeURIComponent(cursor)}`;
    const response = send(s, 'GET', query, null, endpoint);
    if (response.status < 200 || response.status >= 300) return;
    const body = json(response);
    if (!body || typeof body.nextCursor !== 'string') {
      if (!startOverAtEnd) return;
      cursor = null;
      continue;
    }
    cursor = body.nextCursor;
  }
}

// Another account (a Zipf choice: popular accounts are visited most), never this one.
function otherUser(s) {
  let id = zipfRank();
  if (id === s.id) id = (id % PLAN.population) + 1;
  return `user${id}`;
}

const WORDS = ['match', 'goal', 'crowd', 'stadium', 'ticket', 'season', 'coach', 'striker', 'keeper', 'derby',
  'anthem', 'tonight', 'replay', 'injury', 'transfer', 'league', 'final', 'pitch', 'fans', 'score'];

// Post lengths from a log-normal distribution (most posts short, a few long), clamped to [min, max] characters.
function postText() {
  const b = PLAN.postBodies;
  const normal = Math.sqrt(-2 * Math.log(1 - Math.random())) * Math.cos(2 * Math.PI * Math.random());
  const length = Math.min(b.maxChars, Math.max(b.minChars, Math.round(b.medianChars * Math.exp(b.sigma * normal))));
  let text = '';
  while (text.length < length) text += WORDS[Math.floor(Math.random() * WORDS.length)] + ' ';
  return text.substring(0, length).trim() || 'post';
}

function idempotencyKey() {
  let key = '';
  for (let i = 0; i < 32; i++) key += Math.floor(Math.random() * 16).toString(16);
  return key;
}

// The feed reads after a login: the whole part always, the fraction as the chance of one more.
function feedReadsAfterLogin() {
  const reads = Math.max(0, PLAN.feedReadsPerLogin);
  const whole = Math.floor(reads);
  return whole + (Math.random() < reads - whole ? 1 : 0);
}

const ACTIONS = {
  openApp: (s) => readPages(s, '/v1/feed', 'feed', feedReadsAfterLogin(), true),
  readFeed: (s) => readPages(s, '/v1/feed', 'feed', 1, false),
  pageFeed: (s) => readPages(s, '/v1/feed', 'feed', PLAN.maxPagesPerVisit, false),
  openProfile: (s) => send(s, 'GET', `/v1/users/${otherUser(s)}`, null, 'profile'),
  userPosts: (s) => readPages(s, `/v1/users/${otherUser(s)}/posts`, 'userPosts', 1, false),
  createPost: (s) => send(s, 'POST', '/v1/posts', JSON.stringify({ text: postText() }), 'createPost', { 'Idempotency-Key': idempotencyKey() }),
  follow: (s) => send(s, 'PUT', `/v1/users/${otherUser(s)}/follow`, null, 'follow'),
  unfollow: (s) => send(s, 'DELETE', `/v1/users/${otherUser(s)}/follow`, null, 'unfollow'),
  export: (s) => send(s, 'POST', '/v1/exports', '{}', 'export'),
};

// Closed model: one account per VU for the whole phase. Open model: an app opening is the next fresh account (every
// account once before any comes again, scattered by a stride coprime to the population); anything else a Zipf choice.
function account(current, action) {
  if (current.accounts) {
    return current.accounts[(exec.vu.idInTest - 1) % current.accounts.length];
  }
  if (action === 'openApp') {
    const n = exec.scenario.iterationInTest;
    return ((n % PLAN.population) * PLAN.freshStride) % PLAN.population + 1;
  }
  return zipfRank();
}

function journey(current) {
  const action = weightedPick(Object.entries(current.mix));
  const s = session(account(current, action));
  if (ensureToken(s, null)) ACTIONS[action](s);
}

export default function () {
  const current = phase();
  if (PLAN.mode === 'requests') requestList();
  else journey(current);
  if (!current.open && Math.max(current.thinkMinSeconds, current.thinkMaxSeconds) > 0) {
    sleep(current.thinkMinSeconds + Math.random() * Math.max(0, current.thinkMaxSeconds - current.thinkMinSeconds));
  }
}
