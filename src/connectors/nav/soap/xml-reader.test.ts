import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { child, childrenNamed, leafTexts, readXml, XmlReadError } from './xml-reader.ts';
import { escapeXml, soapBody } from './xml.ts';

describe('XML reader for SOAP answers', () => {
  it('resolves namespaces by declaration, not by prefix', () => {
    const a = readXml('<Soap:Envelope xmlns:Soap="http://schemas.xmlsoap.org/soap/envelope/"><Soap:Body><R xmlns="urn:x"><A>1</A></R></Soap:Body></Soap:Envelope>');
    const b = readXml('<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><x:R xmlns:x="urn:x"><x:A>1</x:A></x:R></s:Body></s:Envelope>');
    for (const root of [a, b]) {
      assert.equal(root.ns, 'http://schemas.xmlsoap.org/soap/envelope/');
      const r = child(child(root, 'Body'), 'R');
      assert.equal(r?.ns, 'urn:x');
      assert.equal(r?.leaves.get('A'), '1');
    }
    assert.throws(() => readXml('<a:b/>'), XmlReadError);
  });

  it('decodes entities, character references and CDATA; keeps spaces; skips comments and declarations', () => {
    const root = readXml('<?xml version="1.0"?><!-- c --><r><a>A &amp; B &lt;x&gt; &#233;&#x416;</a><b><![CDATA[<raw & text>]]></b><c>  two  </c><d/><e></e></r>');
    assert.deepEqual([...root.leaves], [['a', 'A & B <x> éЖ'], ['b', '<raw & text>'], ['c', '  two  '], ['d', ''], ['e', '']]);
  });

  it('leaves out elements marked xsi:nil="true"', () => {
    const root = readXml('<r xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><a xsi:nil="true"/><b xsi:nil="true"></b><c>1</c></r>');
    assert.deepEqual([...root.leaves], [['c', '1']]);
  });

  it('keeps every value of a repeated leaf and lists repeated records', () => {
    const root = readXml('<r><v>1</v><v>2</v><rec><k>a</k></rec><rec><k>b</k></rec></r>');
    assert.deepEqual(leafTexts(root, 'v'), ['1', '2']);
    assert.deepEqual(childrenNamed(root, 'rec').map((r) => r.leaves.get('k')), ['a', 'b']);
  });

  it('reads attributes with > in their values and refuses DTDs and broken nesting', () => {
    assert.equal(readXml('<r a="x>y" xmlns:p="urn:p"><p:v>1</p:v></r>').leaves.get('v'), '1');
    assert.throws(() => readXml('<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><r>&e;</r>'), /DTDs are not accepted/);
    assert.throws(() => readXml('<r><a></r>'), XmlReadError);
    assert.throws(() => readXml('<r>'), /not closed/);
  });

  it('escapes what XML cannot carry and finds the SOAP body, or nothing for other documents', () => {
    assert.equal(escapeXml(`<a href="x">'&'</a>\u0001`), '&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;');
    assert.equal(soapBody('<html><body>Internal Server Error</body></html>'), undefined);
    assert.equal(soapBody('not xml at all <'), undefined);
    assert.ok(soapBody('<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body/></s:Envelope>'));
  });
});
