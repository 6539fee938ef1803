// Starts one bundle (scripts/build-spa.sh writes one copy per bundle, with
// the hashed names filled in): the wasm-bindgen glue fetches and runs the
// wasm; if that fails, the "failed to load" notice replaces the loading line.
// An external module rather than an inline script, so a CSP of
// `script-src 'self'` (ops/nginx) lets it run.
import init from "/yass-web-spa.js";
init({ module_or_path: "/yass-web-spa_bg.wasm" }).catch(function (e) {
  console.error(e);
  var p = document.getElementById("boot-failed");
  if (p) p.hidden = false;
  var b = document.getElementById("boot");
  if (b) b.remove();
});
