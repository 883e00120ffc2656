// The pieces of dashboard access on their own: password hashes, the session table,
// the sign-in attempt limit and token lookup. Time is a FakeClock.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { secretsOf } from '../../app/runtime.ts';
import { FakeClock } from '../../core/clock.ts';
import { Redactor } from '../../core/redact.ts';
import { parseConfig } from '../../config/load.ts';
import { dashboardConfigSchema } from './config.ts';
import { tokenMatches } from './compare.ts';
import { hashPassword, isPasswordHash, passwordProblem, verifyPassword } from './passwords.ts';
import { bearerToken, findToken } from './principal.ts';
import { AttemptLimiter } from './rate-limit.ts';
import { SessionTable } from './sessions.ts';

describe('password hashes', () => {
  it('verify the password they were made from, and nothing else', async () => {
    const hash = await hashPassword('correct horse battery', { logN: 10 });
    assert.match(hash, /^\$scrypt\$ln=10,r=8,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    assert.equal(isPasswordHash(hash), true);
    assert.equal(await verifyPassword('correct horse battery', hash), true);
    assert.equal(await verifyPassword('correct horse batterY', hash), false);
    assert.equal(await verifyPassword('', hash), false);
  });

  it('are salted: the same password hashes differently each time', async () => {
    const [a, b] = await Promise.all([hashPassword('same password', { logN: 10 }), hashPassword('same password', { logN: 10 })]);
    assert.notEqual(a, b);
  });

  it('refuse malformed or absurd hashes instead of throwing', async () => {
    for (const bad of ['', 'plain-password', '$scrypt$ln=40,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', '$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA']) {
      assert.equal(isPasswordHash(bad), false, bad);
      assert.equal(await verifyPassword('x', bad), false);
    }
  });

  it('a new password must be long enough and not padded with spaces', () => {
    assert.match(passwordProblem('short') ?? '', /at least 10 characters/);
    assert.match(passwordProblem(' long enough password') ?? '', /spaces/);
    assert.equal(passwordProblem('long enough password'), undefined);
  });
});

describe('sessions', () => {
  it('end after the idle time, and after the maximum age however busy', async () => {
    const clock = new FakeClock();
    const table = new SessionTable({ clock, idleMs: 10_000, absoluteMs: 25_000 });
    const s = table.create('anna', 'admin');
    assert.notEqual(s.id, s.csrfToken);
    assert.match(s.id, /^[A-Za-z0-9_-]{43}$/);
    await clock.advance(9_000);
    assert.equal(table.get(s.id)?.name, 'anna');
    await clock.advance(9_000);
    assert.equal(table.get(s.id)?.name, 'anna', 'used 9 s ago: still alive');
    await clock.advance(6_000);
    assert.equal(table.alive(s.id), true);
    await clock.advance(1_000);
    assert.equal(table.get(s.id), undefined, '25 s after sign-in it ends even though it was used');
    const idle = table.create('boris', 'viewer');
    await clock.advance(10_000);
    assert.equal(table.alive(idle.id), false);
    assert.equal(table.get(idle.id), undefined);
  });

  it('are gone after delete, and the oldest give way beyond the maximum', () => {
    const table = new SessionTable({ clock: new FakeClock(), idleMs: 60_000, absoluteMs: 60_000, max: 2 });
    const a = table.create('a', 'admin');
    const b = table.create('b', 'admin');
    const c = table.create('c', 'admin');
    assert.equal(table.get(a.id), undefined);
    assert.equal(table.size, 2);
    table.delete(b.id);
    assert.equal(table.get(b.id), undefined);
    assert.equal(table.get(c.id)?.name, 'c');
  });
});

describe('sign-in attempt limit', () => {
  it('allows max attempts per address in the window, then says how long to wait', async () => {
    const clock = new FakeClock();
    const limiter = new AttemptLimiter({ clock, max: 3, windowMs: 60_000 });
    for (let i = 0; i < 3; i++) {
      assert.deepEqual(limiter.take('10.0.0.1'), { ok: true });
      await clock.advance(10_000);
    }
    assert.deepEqual(limiter.take('10.0.0.1'), { ok: false, retryAfterSeconds: 30 });
    assert.deepEqual(limiter.take('10.0.0.2'), { ok: true }, 'another address has its own count');
    await clock.advance(30_000);
    assert.deepEqual(limiter.take('10.0.0.1'), { ok: true }, 'the first attempt left the window');
    limiter.reset('10.0.0.1');
    for (let i = 0; i < 3; i++) assert.equal(limiter.take('10.0.0.1').ok, true);
  });

  it('forgets the stalest addresses beyond its capacity', () => {
    const limiter = new AttemptLimiter({ clock: new FakeClock(), max: 1, windowMs: 60_000, maxKeys: 2 });
    limiter.take('a');
    limiter.take('b');
    limiter.take('c');
    assert.equal(limiter.take('a').ok, true, 'a was forgotten');
    assert.equal(limiter.take('c').ok, false);
  });
});

describe('tokens', () => {
  const tokens = [
    { name: 'ci', token: 'a'.repeat(40), role: 'viewer' as const },
    { name: 'ops', token: 'b'.repeat(40), role: 'admin' as const },
  ];
  it('are found whole, never by prefix or with a different length', () => {
    assert.equal(findToken(tokens, 'b'.repeat(40))?.name, 'ops');
    assert.equal(findToken(tokens, 'b'.repeat(39)), undefined);
    assert.equal(findToken(tokens, 'b'.repeat(41)), undefined);
    assert.equal(findToken(tokens, ''), undefined);
    assert.equal(tokenMatches('abc', 'abc'), true);
    assert.equal(tokenMatches('abc', 'abd'), false);
  });
  it('are read from a Bearer header only', () => {
    assert.equal(bearerToken('Bearer xyz123'), 'xyz123');
    assert.equal(bearerToken('bearer  xyz123 '), 'xyz123');
    assert.equal(bearerToken('Basic eHl6'), undefined);
    assert.equal(bearerToken('Bearer a b'), undefined);
    assert.equal(bearerToken(undefined), undefined);
  });
});

describe('server.dashboard config', () => {
  it('takes users with hashes and tokens with roles', async () => {
    const hash = await hashPassword('long enough password', { logN: 10 });
    const cfg = dashboardConfigSchema.parse({ users: [{ name: 'anna', passwordHash: hash, role: 'admin' }], tokens: [{ name: 'ci', token: 'x'.repeat(32), role: 'viewer' }] });
    assert.equal(cfg.users[0]?.role, 'admin');
    assert.equal(cfg.secureCookie, false);
    assert.equal(cfg.signInAttempts, 10);
  });
  it('refuses a password in place of a hash, short tokens, unknown roles and duplicate names', () => {
    const issues = (value: unknown): string[] => {
      const r = dashboardConfigSchema.safeParse(value);
      return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    };
    assert.match(issues({ users: [{ name: 'anna', passwordHash: 'secret123456', role: 'admin' }] }).join('\n'), /users\.0\.passwordHash: expected a hash printed by `b24nav hash-password`/);
    assert.match(issues({ tokens: [{ name: 'ci', token: 'short', role: 'admin' }] }).join('\n'), /tokens\.0\.token: expected at least 32 characters/);
    assert.match(issues({ tokens: [{ name: 'ci', token: 'x'.repeat(32), role: 'root' }] }).join('\n'), /tokens\.0\.role/);
    assert.match(issues({ tokens: [{ name: 'ci', token: 'x'.repeat(32), role: 'admin' }, { name: 'ci', token: 'y'.repeat(32), role: 'admin' }] }).join('\n'), /tokens\.1\.name: token "ci" is listed twice/);
    assert.match(issues({ users: [], extra: 1 }).join('\n'), /extra|unrecognized/i);
  });
});

describe('server.dashboard secrets', () => {
  it('come from the environment and are registered with the redactor', async () => {
    const hash = await hashPassword('long enough password', { logN: 10 });
    const token = 't0ken-from-the-environment-0123456789abcdef';
    const config = parseConfig(
      {
        bitrix24: { webhookUrl: 'https://portal.example/rest/1/code1234/' },
        nav: { soapUrl: 'http://nav.example:7047/DynamicsNAV110', company: 'CRONUS', auth: { mode: 'none' } },
        server: { dashboard: { users: [{ name: 'anna', passwordHash: hash, role: 'admin' }], tokens: [{ name: 'ci', token: '${B24NAV_CI_TOKEN}', role: 'viewer' }] } },
      },
      { B24NAV_CI_TOKEN: token },
    );
    assert.equal(config.server.dashboard.tokens[0]?.token, token);
    const redactor = new Redactor();
    secretsOf(config, redactor);
    assert.equal(redactor.text(`token ${token}, hash ${hash}`), 'token [redacted], hash [redacted]');
  });
});
