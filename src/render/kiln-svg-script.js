// kiln-svg-script.js — the interactive part of Kiln's SVG flame graphs:
// click a box to zoom (it fills the width, its ancestors stay, everything
// else hides), "Reset Zoom", Ctrl+F or "Search" for a regular expression
// (matches in the highlight colour, their share of the total below), and
// the hovered box's title in the status line.
//
// The writer puts `kilnConfig` in front of this script and the script at
// the end of the document, so every element exists when it runs. Each box
// is a g element with data-n, data-e, data-x, data-w in preorder: n is its node, [n, e)
// its subtree, x and w its offset and value in the sample type's units.
// Labels are re-fitted with the writer's own estimate (monospace advance,
// wide characters double) so a reset graph looks exactly as written.
(function () {
  'use strict';
  var cfg = kilnConfig;
  var SVGNS = 'http://www.w3.org/2000/svg';
  var frames = document.getElementById('frames');
  var details = document.getElementById('details');
  var matchedLine = document.getElementById('matched');
  var unzoomButton = document.getElementById('unzoom');
  var searchButton = document.getElementById('search');
  var boxes = [];
  var searching = cfg.search !== '';
  var detailsIdle = details.textContent;

  var gs = frames.getElementsByTagName('g');
  for (var i = 0; i < gs.length; i++) {
    // The writer's order: title, rect, then text when a label fits.
    var g = gs[i];
    var title = g.children[0].textContent;
    var rect = g.children[1];
    var cut = title.lastIndexOf(' (');
    boxes.push({
      g: g,
      rect: rect,
      text: g.children[2] || null,
      n: +g.getAttribute('data-n'),
      e: +g.getAttribute('data-e'),
      x: +g.getAttribute('data-x'),
      w: +g.getAttribute('data-w'),
      title: title,
      name: cut > 0 ? title.slice(0, cut) : title,
      fill: g.getAttribute('data-c') || rect.getAttribute('fill'),
    });
    g.setAttribute('data-i', i);
  }

  function isWide(c) {
    return (c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf) ||
        (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff) ||
        (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) ||
        (c >= 0xffe0 && c <= 0xffe6) || (c >= 0x1f300 && c <= 0x1f64f) ||
        (c >= 0x1f900 && c <= 0x1f9ff) || (c >= 0x20000 && c <= 0x3fffd);
  }

  // The writer's kiln_svg_fit_label(), step for step.
  function fitLabel(name, boxWidth) {
    var adv = cfg.fontSize * cfg.advance;
    var gap = boxWidth >= 3 ? 1 : 0;
    var room = boxWidth - gap - 6;
    if (room < adv * 2)
      return '';
    var chars = Array.from(name);
    var widths = chars.map(function (ch) {
      return isWide(ch.codePointAt(0)) ? 2 * adv : adv;
    });
    var w = 0, k;
    for (k = 0; k < chars.length && w + widths[k] <= room; k++)
      w += widths[k];
    if (k === chars.length)
      return name;
    var budget = room - adv;
    w = 0;
    for (k = 0; k < chars.length && w + widths[k] <= budget; k++)
      w += widths[k];
    return k < 3 ? '' : chars.slice(0, k).join('') + '\u2026';
  }

  function hex(c) {
    return parseInt(c, 16) / 255;
  }
  function linear(c) {
    return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
  }
  // kiln_palette_text_color(): black or white, whichever contrasts more.
  function whiteText(fill) {
    var l = 0.2126 * linear(hex(fill.substr(1, 2))) + 0.7152 * linear(hex(fill.substr(3, 2))) +
        0.0722 * linear(hex(fill.substr(5, 2)));
    return 1.05 / (l + 0.05) > (l + 0.05) / 0.05;
  }

  function num(v) {
    return String(Math.round(v * 100) / 100);
  }

  function setFill(b, fill) {
    b.rect.setAttribute('fill', fill);
    if (b.text)
      b.text.setAttribute('class', whiteText(fill) ? 'w' : '');
  }

  function place(b, x, w, parent) {
    b.g.setAttribute('class', parent ? 'parent' : '');
    var gap = w >= 3 ? 1 : 0;
    b.rect.setAttribute('x', num(x));
    b.rect.setAttribute('width', num(Math.max(w - gap, 0.5)));
    var label = fitLabel(b.name, w);
    if (label && !b.text) {
      b.text = document.createElementNS(SVGNS, 'text');
      b.text.setAttribute('y', num(+b.rect.getAttribute('y') + cfg.baseline));
      b.g.appendChild(b.text);
      setFill(b, b.rect.getAttribute('fill'));
    }
    if (b.text) {
      b.text.setAttribute('x', num(x + 3));
      b.text.textContent = label;
    }
  }

  function hide(b) {
    b.g.setAttribute('class', 'hide');
  }

  function zoom(z) {
    var k = cfg.width / z.w;
    boxes.forEach(function (b) {
      if (b === z || (b.n > z.n && b.n < z.e)) {
        var w = b.w * k;
        if (w < cfg.minWidth)
          hide(b);
        else
          place(b, (b.x - z.x) * k, w, false);
      } else if (b.n < z.n && z.n < b.e) {
        place(b, 0, cfg.width, true);
      } else {
        hide(b);
      }
    });
    unzoomButton.setAttribute('class', z.n === 0 ? 'button hide' : 'button');
  }

  function unzoom() {
    if (boxes.length && boxes[0].n === 0)
      zoom(boxes[0]);
  }

  function showMatched(share) {
    matchedLine.textContent = cfg.matched.replace('%s', share.toFixed(2)).replace('%%', '%');
  }

  // Matches in the highlight colour; the share counts nested matches once
  // (a match's value already holds its subtree's).
  function search(pattern) {
    var re;
    try {
      re = new RegExp(pattern, /[A-Z]/.test(pattern) ? '' : 'i');
    } catch (e) {
      details.textContent = cfg.invalid.replace('%s', pattern);
      return;
    }
    var sum = 0, end = -1;
    boxes.forEach(function (b) {
      var m = b.n !== 0 && re.test(b.name);
      setFill(b, m ? cfg.highlight : b.fill);
      if (m && b.n >= end) {
        sum += b.w;
        end = b.e;
      }
    });
    showMatched(cfg.total > 0 ? 100 * sum / cfg.total : 0);
    searching = true;
    searchButton.textContent = cfg.resetSearch;
    searchButton.setAttribute('class', 'button show');
  }

  function resetSearch() {
    boxes.forEach(function (b) {
      setFill(b, b.fill);
    });
    matchedLine.textContent = ' ';
    searching = false;
    searchButton.textContent = cfg.searchLabel;
    searchButton.setAttribute('class', 'button');
  }

  function askSearch() {
    var pattern = window.prompt(cfg.prompt, '');
    if (pattern)
      search(pattern);
  }

  function boxOf(target) {
    for (var el = target; el && el !== frames; el = el.parentNode)
      if (el.nodeName === 'g' && el.hasAttribute('data-i'))
        return boxes[+el.getAttribute('data-i')];
    return null;
  }

  frames.addEventListener('click', function (ev) {
    var b = boxOf(ev.target);
    if (b)
      zoom(b);
  });
  frames.addEventListener('mouseover', function (ev) {
    var b = boxOf(ev.target);
    if (b)
      details.textContent = b.title;
  });
  frames.addEventListener('mouseout', function () {
    details.textContent = detailsIdle;
  });
  unzoomButton.addEventListener('click', unzoom);
  searchButton.addEventListener('click', function () {
    if (searching)
      resetSearch();
    else
      askSearch();
  });
  window.addEventListener('keydown', function (ev) {
    if ((ev.key === 'f' || ev.key === 'F') && (ev.ctrlKey || ev.metaKey) || ev.key === 'F3') {
      ev.preventDefault();
      askSearch();
    } else if (ev.key === 'Escape') {
      if (searching)
        resetSearch();
      unzoom();
    }
  });

  // Expose the actions for tests and the curious (console: kiln.search('gc')).
  window.kiln = {zoom: function (i) { zoom(boxes[i]); }, unzoom: unzoom, search: search,
                 resetSearch: resetSearch, boxes: boxes};
})();
