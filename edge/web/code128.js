// Code 128 (code set B) as SVG, for coupon codes on the entrance screen: no
// library, no build step. The module patterns were taken from zint's output
// (zint -b 20 --dump) for all 107 values.
'use strict';
const Code128 = (() => {
  const PATTERNS = [
    '11011001100', '11001101100', '11001100110', '10010011000', '10010001100', '10001001100', '10011001000', '10011000100',
    '10001100100', '11001001000', '11001000100', '11000100100', '10110011100', '10011011100', '10011001110', '10111001100',
    '10011101100', '10011100110', '11001110010', '11001011100', '11001001110', '11011100100', '11001110100', '11101101110',
    '11101001100', '11100101100', '11100100110', '11101100100', '11100110100', '11100110010', '11011011000', '11011000110',
    '11000110110', '10100011000', '10001011000', '10001000110', '10110001000', '10001101000', '10001100010', '11010001000',
    '11000101000', '11000100010', '10110111000', '10110001110', '10001101110', '10111011000', '10111000110', '10001110110',
    '11101110110', '11010001110', '11000101110', '11011101000', '11011100010', '11011101110', '11101011000', '11101000110',
    '11100010110', '11101101000', '11101100010', '11100011010', '11101111010', '11001000010', '11110001010', '10100110000',
    '10100001100', '10010110000', '10010000110', '10000101100', '10000100110', '10110010000', '10110000100', '10011010000',
    '10011000010', '10000110100', '10000110010', '11000010010', '11001010000', '11110111010', '11000010100', '10001111010',
    '10100111100', '10010111100', '10010011110', '10111100100', '10011110100', '10011110010', '11110100100', '11110010100',
    '11110010010', '11011011110', '11011110110', '11110110110', '10101111000', '10100011110', '10001011110', '10111101000',
    '10111100010', '11110101000', '11110100010', '10111011110', '10111101110', '11101011110', '11110101110', '11010000100',
    '11010010000', '11010011100', '1100011101011',
  ];
  const START_B = 104;
  const STOP = 106;

  // '1'/'0' modules for `text` (printable ASCII only), or null.
  function modules(text) {
    const values = [START_B];
    for (const ch of text) {
      const c = ch.charCodeAt(0);
      if (ch.length !== 1 || c < 32 || c > 126) return null;
      values.push(c - 32);
    }
    let sum = START_B;
    for (let i = 1; i < values.length; i += 1) sum += i * values[i];
    values.push(sum % 103, STOP);
    return values.map((v) => PATTERNS[v]).join('');
  }

  // An <svg> element drawing `text`, with a 10-module quiet zone each side.
  function svg(text, height = 80) {
    const bits = modules(text);
    if (!bits) return null;
    const ns = 'http://www.w3.org/2000/svg';
    const width = bits.length + 20;
    const root = document.createElementNS(ns, 'svg');
    root.setAttribute('viewBox', `0 0 ${width} ${height}`);
    root.setAttribute('shape-rendering', 'crispEdges');
    root.setAttribute('data-modules', bits);
    const bg = document.createElementNS(ns, 'rect');
    bg.setAttribute('width', width); bg.setAttribute('height', height); bg.setAttribute('fill', '#fff');
    root.append(bg);
    for (let i = 0; i < bits.length;) {
      if (bits[i] === '0') { i += 1; continue; }
      let j = i;
      while (j < bits.length && bits[j] === '1') j += 1;
      const bar = document.createElementNS(ns, 'rect');
      bar.setAttribute('x', 10 + i); bar.setAttribute('width', j - i); bar.setAttribute('height', height);
      root.append(bar);
      i = j;
    }
    return root;
  }
  return { modules, svg };
})();
