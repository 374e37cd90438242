// Bootstrap Italia's bundle reads window.__PUBLIC_PATH__ (where its fonts are) when it loads;
// this script runs before it, in the head, and takes the path from its own data attribute (an
// inline script would need 'unsafe-inline' in the Content-Security-Policy).
window.__PUBLIC_PATH__ = document.currentScript.dataset.publicPath;
