// Bootstrap Italia's bundle reads window.__PUBLIC_PATH__ (where its fonts are) when it loads;
// this script runs before it, in the head, and takes the path from its own data attribute (an
// inline script would need 'unsafe-inline' in the Content-Security-Policy).
window.__PUBLIC_PATH__ = document.currentScript.dataset.publicPath;
// The bundle's video player would add a <style> element of its defaults when it loads, which
// the policy's style-src (no 'unsafe-inline') refuses; no page plays a video.
window.VIDEOJS_NO_DYNAMIC_STYLE = true;
