// Loaded before Decap CMS: admin.js registers the directory's own file format and checks
// first, then starts the editor itself (CMS.init).
window.CMS_MANUAL_INIT = true;
