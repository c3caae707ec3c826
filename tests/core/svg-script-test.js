// svg-script-test.js SVG — runs the script a Kiln SVG embeds against a
// small DOM of its boxes (no browser needed) and checks zoom, reset,
// search and hover exactly. Prints "ok N checks" or exits 1 naming the
// first difference. The SVG is the writer's own regular output, read with
// regular expressions: <g data-…><title>…</title><rect …/>[<text …>…</text>]</g>.
'use strict';
const fs = require('fs');
const vm = require('vm');

const svg = fs.readFileSync(process.argv[2], 'utf8');
let checks = 0;
function check(cond, what) {
  if (!cond) {
    console.log('not ok: ' + what);
    process.exit(1);
  }
}
function done(what) {
  checks++;
  console.log('ok ' + checks + ' ' + what);
}

function unescape(s) {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'").replace(/&amp;/g, '&');
}
function attrs(s) {
  const a = {};
  for (const m of s.matchAll(/([\w:-]+)="([^"]*)"/g))
    a[m[1]] = unescape(m[2]);
  return a;
}

class Element {
  constructor(name, attributes, parent) {
    this.nodeName = name;
    this.attributes = attributes || {};
    this.parentNode = parent || null;
    this.children = [];
    this.textContent = '';
    this.listeners = {};
  }
  getAttribute(k) {
    return k in this.attributes ? this.attributes[k] : null;
  }
  setAttribute(k, v) {
    this.attributes[k] = String(v);
  }
  hasAttribute(k) {
    return k in this.attributes;
  }
  appendChild(c) {
    c.parentNode = this;
    this.children.push(c);
    return c;
  }
  getElementsByTagName(n) {
    const out = [];
    const walk = (e) => e.children.forEach((c) => {
      if (c.nodeName === n)
        out.push(c);
      walk(c);
    });
    walk(this);
    return out;
  }
  addEventListener(type, fn) {
    (this.listeners[type] = this.listeners[type] || []).push(fn);
  }
  fire(type, ev) {
    (this.listeners[type] || []).forEach((fn) => fn(ev));
  }
}

const byId = {};
for (const m of svg.matchAll(/<text id="(\w+)"([^>]*)>([^<]*)<\/text>/g)) {
  byId[m[1]] = new Element('text', attrs(m[2]));
  byId[m[1]].textContent = unescape(m[3]);
}
const frames = new Element('g', {id: 'frames'});
byId.frames = frames;
const boxRe = /<g (data-[^>]*)><title>([^<]*)<\/title><rect ([^>]*)\/>(?:<text ([^>]*)>([^<]*)<\/text>)?<\/g>/g;
for (const m of svg.matchAll(boxRe)) {
  const g = frames.appendChild(new Element('g', attrs(m[1])));
  g.appendChild(new Element('title')).textContent = unescape(m[2]);
  g.appendChild(new Element('rect', attrs(m[3])));
  if (m[4] !== undefined)
    g.appendChild(new Element('text', attrs(m[4]))).textContent = unescape(m[5]);
}
const boxes = frames.children;
check(boxes.length === (svg.match(/<title>/g) || []).length, 'every box parsed');

const windowListeners = {};
const context = {
  document: {
    getElementById: (id) => byId[id] || null,
    createElementNS: (ns, name) => new Element(name),
  },
  window: {
    prompt: () => context.answer,
    addEventListener: (type, fn) => { windowListeners[type] = fn; },
  },
  answer: '',
};
context.window.kiln = undefined;
const script = svg.match(/<script type="text\/ecmascript"><!\[CDATA\[([\s\S]*?)\]\]><\/script>/)[1];
vm.createContext(context);
vm.runInContext(script, context);

function snapshot() {
  return boxes.map((g) => {
    const r = g.getElementsByTagName('rect')[0];
    const t = g.getElementsByTagName('text')[0];
    return [g.getAttribute('class') || '', r.getAttribute('x'), r.getAttribute('width'),
            r.getAttribute('fill'), t ? t.textContent : '', t ? t.getAttribute('x') : ''].join('|');
  });
}
function box(name) {
  return boxes.find((g) => g.getElementsByTagName('title')[0].textContent.startsWith(name + ' ('));
}
function rect(name) {
  return box(name).getElementsByTagName('rect')[0];
}
const written = snapshot();

// Zoom on the second-widest box below the root that has children.
const target = boxes.filter((g) => +g.getAttribute('data-e') > +g.getAttribute('data-n') + 1 &&
                            g.getAttribute('data-n') !== '0')
                   .sort((a, b) => b.getAttribute('data-w') - a.getAttribute('data-w'))[1];
const zn = +target.getAttribute('data-n'), ze = +target.getAttribute('data-e');
frames.fire('click', {target: target.getElementsByTagName('rect')[0]});
const width = context.kilnConfig.width;
for (const g of boxes) {
  const n = +g.getAttribute('data-n'), e = +g.getAttribute('data-e');
  const cls = g.getAttribute('class');
  const r = g.getElementsByTagName('rect')[0];
  if (n === zn) {
    check(cls === '' && r.getAttribute('x') === '0' && +r.getAttribute('width') === width - 1,
          'the zoomed box fills the width');
  } else if (n < zn && zn < e) {
    check(cls === 'parent' && +r.getAttribute('width') === width - 1, 'ancestors stay, full width');
  } else if (n > zn && n < ze) {
    const w = g.getAttribute('data-w') / target.getAttribute('data-w') * width;
    check(cls === '' && Math.abs(+r.getAttribute('width') - (w - (w >= 3 ? 1 : 0))) < 0.006,
          'descendants scale: ' + n);
  } else {
    check(cls === 'hide', 'others hide: ' + n);
  }
}
check(byId.unzoom.getAttribute('class') === 'button', 'Reset Zoom shows');
done('zoom into node ' + zn);

byId.unzoom.fire('click', {});
const reset = snapshot();
for (let i = 0; i < boxes.length; i++)
  check(reset[i] === written[i], 'reset restores box ' + i + ': ' + reset[i] + ' vs ' + written[i]);
check(byId.unzoom.getAttribute('class') === 'button hide', 'Reset Zoom hides');
done('reset zoom restores the written graph');

context.answer = 'parse|lex';
windowListeners.keydown({key: 'f', ctrlKey: true, preventDefault: () => {}});
const hl = context.kilnConfig.highlight;
for (const g of boxes) {
  const name = g.getElementsByTagName('title')[0].textContent;
  const m = /^(parse|lex) \(/.test(name);
  check((g.getElementsByTagName('rect')[0].getAttribute('fill') === hl) === m,
        'search marks exactly the matches: ' + name);
}
check(byId.matched.textContent === 'Matched: 48.54%', 'matched share: ' + byId.matched.textContent);
check(byId.search.textContent === 'Reset Search', 'the button resets');
done('Ctrl+F search');

byId.search.fire('click', {});
check(snapshot().every((s, i) => s === written[i]), 'reset search restores the colours');
check(byId.matched.textContent === ' ', 'matched line cleared');
done('reset search');

frames.fire('mouseover', {target: rect('main')});
check(byId.details.textContent === 'main (78 samples, 75.73%)', 'hover: ' + byId.details.textContent);
frames.fire('mouseout', {});
check(byId.details.textContent === ' ', 'hover ends');
done('hover details');

context.answer = '(';
byId.search.fire('click', {});
check(/not a valid regular expression/.test(byId.details.textContent), 'bad pattern said');
check(snapshot().every((s, i) => s === written[i]), 'bad pattern changes nothing');
done('bad pattern');
console.log('ok ' + checks + ' checks');
