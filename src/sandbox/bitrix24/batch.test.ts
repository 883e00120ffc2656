// `batch` (reference §4): up to 50 commands run in order, `halt`, `$result[…]`
// references, always HTTP 200 with per-command results, errors, totals, nexts and times.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startB24Sandbox, type RunningB24Sandbox } from './index.ts';
import { dig, get, hook, list, num, postForm, rec, result, str } from './test-support.ts';

describe('B24 sandbox: batch', () => {
  let b24: RunningB24Sandbox;
  before(async () => {
    b24 = await startB24Sandbox({ port: 0, limits: false, seed: { companies: 60, contacts: 3, deals: 3, products: 3 } });
  });
  after(() => b24.close());

  it('runs up to 50 commands and refuses 51 with ERROR_BATCH_LENGTH_EXCEEDED', async () => {
    const cmd = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`c${i}`, `crm.company.get?id=${i + 1}`]));
    const fifty = result(await hook(b24, 'batch', { cmd: cmd(50) }));
    assert.equal(Object.keys(rec(fifty, 'result')).length, 50);
    const reply = await hook(b24, 'batch', { cmd: cmd(51) });
    assert.equal(reply.status, 400);
    assert.deepEqual(reply.body, { error: 'ERROR_BATCH_LENGTH_EXCEEDED', error_description: 'Max batch length exceeded' });
  });

  it('answers HTTP 200 with per-command result, result_error, result_total, result_next and result_time', async () => {
    const reply = await hook(b24, 'batch', {
      halt: 0,
      cmd: { list: 'crm.company.list?select[]=ID', one: 'crm.company.get?id=2', missing: 'crm.company.get?id=999999', item: 'crm.item.get?entityTypeId=2&id=999999' },
    });
    assert.equal(reply.status, 200);
    const out = result(reply);
    assert.deepEqual(Object.keys(rec(out, 'result')), ['list', 'one']);
    assert.equal(list(out, 'result', 'list').length, 50);
    assert.equal(str(out, 'result', 'one', 'ID'), '2');
    assert.deepEqual(rec(out, 'result_error'), {
      missing: { error: '', error_description: 'Not found' },
      item: { error: 'NOT_FOUND', error_description: 'Element not found' },
    });
    assert.deepEqual(rec(out, 'result_total'), { list: 60 });
    assert.deepEqual(rec(out, 'result_next'), { list: 50 });
    assert.deepEqual(Object.keys(rec(out, 'result_time')), ['list', 'one']);
    for (const key of ['start', 'finish', 'duration', 'processing', 'date_start', 'date_finish', 'operating']) {
      assert.ok(key in rec(out, 'result_time', 'one'), key);
    }
  });

  it('stops at the first failing command with halt=1', async () => {
    const out = result(await hook(b24, 'batch', { halt: 1, cmd: { a: 'crm.company.get?id=1', b: 'crm.company.get?id=999999', c: 'crm.company.get?id=3' } }));
    assert.deepEqual(Object.keys(rec(out, 'result')), ['a']);
    assert.deepEqual(Object.keys(rec(out, 'result_error')), ['b']);
  });

  it('substitutes $result[cmd][field] and indexes list results with $result[cmd][0][ID]', async () => {
    const out = result(await hook(b24, 'batch', {
      halt: 1,
      cmd: {
        add: 'crm.company.add?fields[TITLE]=Batch%20One',
        got: 'crm.company.get?id=$result[add]',
        contact: 'crm.contact.add?fields[NAME]=Ann&fields[COMPANY_ID]=$result[add]',
        first: 'crm.company.list?order[ID]=DESC&select[]=ID&select[]=TITLE&start=-1',
        again: 'crm.company.get?id=$result[first][0][ID]',
        title: 'crm.company.list?filter[TITLE]=$result[got][TITLE]&select[]=ID',
      },
    }));
    assert.deepEqual(dig(out, 'result_error'), []);
    const id = num(out, 'result', 'add');
    assert.equal(str(out, 'result', 'got', 'ID'), String(id));
    assert.equal(str(out, 'result', 'again', 'ID'), String(id));
    assert.deepEqual(list(out, 'result', 'title'), [{ ID: String(id) }]);
    assert.equal(str(result(await hook(b24, 'crm.contact.get', { id: num(out, 'result', 'contact') })), 'COMPANY_ID'), String(id));
  });

  it('returns an array-style cmd as JSON arrays', async () => {
    const out = result(await hook(b24, 'batch', { cmd: ['crm.company.get?id=1', 'crm.company.get?id=2'] }));
    assert.equal(Array.isArray(dig(out, 'result')), true);
    assert.equal(str(out, 'result', 1, 'ID'), '2');
    assert.equal(Array.isArray(dig(out, 'result_time')), true);
    assert.deepEqual(dig(out, 'result_error'), []);
  });

  it('accepts the cmd as a form body and in the query string (double-encoded)', async () => {
    const form = `halt=0&cmd[a]=${encodeURIComponent('crm.company.get?id=1')}&cmd[b]=${encodeURIComponent('crm.company.get?id=$result[a][ID]')}`;
    const byForm = result(await postForm(`${b24.webhookUrl}batch`, form));
    assert.equal(str(byForm, 'result', 'b', 'ID'), '1');
    const byQuery = result(await get(`${b24.webhookUrl}batch.json?cmd[a]=${encodeURIComponent('crm.company.list?filter[%3EID]=58&filter[%3C%3DID]=60&select[]=ID')}`));
    assert.deepEqual(list(byQuery, 'result', 'a'), [{ ID: '59' }, { ID: '60' }]);
  });

  it('refuses a nested batch inside the batch, as a command error', async () => {
    const out = result(await hook(b24, 'batch', { cmd: { inner: 'batch?cmd[x]=scope', ok: 'scope' } }));
    assert.equal(dig(out, 'result_error', 'inner', 'error'), 'ERROR_BATCH_METHOD_NOT_ALLOWED');
    assert.ok(Array.isArray(dig(out, 'result', 'ok')));
  });
});
