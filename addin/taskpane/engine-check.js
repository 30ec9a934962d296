/*
 * Runs before the task pane's bundle, in ES5 only, so that it runs where the bundle cannot:
 * Internet Explorer 11 (perpetual Office 2016 and 2019 on older Windows), the old Edge engine
 * (EdgeHTML, older Microsoft 365 builds) and Safari before 13.1. There, instead of a blank pane,
 * it says in Vietnamese which Excel works and what to do. No eval: the pane's content security
 * policy forbids it, so the engine is judged by what it has (features that came with the syntax
 * the bundle uses, ES2020), and a bundle that fails to parse anyway is caught by its error event.
 */
(function () {
  'use strict';
  // The browser page on the same server (/nop-bao-cao.html), written out so it can be typed into a browser.
  var PAGE_ADDRESS = window.location.protocol + '//' + window.location.host + '/nop-bao-cao.html';
  var MESSAGE =
    '<div style="font-family:Segoe UI,Arial,sans-serif;padding:16px;line-height:1.5;color:#242424">' +
    '<h2 style="font-size:18px;margin:0 0 8px">Phi\u00ean b\u1ea3n Excel n\u00e0y ch\u01b0a ch\u1ea1y \u0111\u01b0\u1ee3c ng\u0103n Ph\u1ee5 l\u1ee5c</h2>' +
    '<p>Ng\u0103n Ph\u1ee5 l\u1ee5c c\u1ea7n Excel 2021, Excel 2024, Microsoft 365 (Windows ho\u1eb7c Mac) \u0111\u00e3 c\u1eadp nh\u1eadt, ho\u1eb7c Excel tr\u00ean web (office.com). ' +
    'Excel 2016 v\u00e0 Excel 2019 b\u1ea3n mua m\u1ed9t l\u1ea7n d\u00f9ng tr\u00ecnh duy\u1ec7t c\u0169 b\u00ean trong n\u00ean kh\u00f4ng ch\u1ea1y \u0111\u01b0\u1ee3c ng\u0103n n\u00e0y.</p>' +
    '<p>Anh/ch\u1ecb v\u1eabn ki\u1ec3m tra v\u00e0 g\u1eedi b\u00e1o c\u00e1o \u0111\u01b0\u1ee3c: m\u1edf t\u1ec7p b\u00e1o c\u00e1o b\u1eb1ng Excel tr\u00ean web, ho\u1eb7c d\u00f9ng trang N\u1ed9p b\u00e1o c\u00e1o tr\u00ean tr\u00ecnh duy\u1ec7t (Chrome, Edge, Firefox) t\u1ea1i \u0111\u1ecba ch\u1ec9 <b>' +
    PAGE_ADDRESS +
    '</b>: trang n\u00e0y ki\u1ec3m tra t\u1ec7p, ch\u1ec9 ra \u00f4 c\u1ea7n s\u1eeda, tr\u1ea3 l\u1ea1i t\u1ec7p \u0111\u00e3 \u0111\u00e1nh d\u1ea5u v\u00e0 g\u1eedi b\u00e1o c\u00e1o.</p>' +
    '</div>';

  function engineCanRunPane() {
    return (
      typeof Promise !== 'undefined' &&
      typeof Promise.allSettled === 'function' && // ES2020, with optional chaining and ?? in every engine that shipped it
      typeof String.prototype.replaceAll === 'function' && // Safari 13.1, Chromium 85: after both operators
      typeof globalThis === 'object' &&
      typeof window.fetch === 'function' &&
      typeof window.Map === 'function'
    );
  }

  var shown = false;
  function tell() {
    if (shown) return;
    shown = true;
    window.PHULUC_OLD_ENGINE = true;
    var show = function () {
      var root = document.getElementById('root') || document.body;
      root.innerHTML = MESSAGE;
    };
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', show);
    else show();
  }

  if (!engineCanRunPane()) tell();
  // The bundle failing to parse or start where the check above passed: say it rather than stay blank.
  window.addEventListener('error', function (event) {
    if (!window.PHULUC_STARTED && event && event.error && event.error.name === 'SyntaxError') tell();
  });
})();
