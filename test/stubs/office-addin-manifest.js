// office-addin-mock needs only this enum from office-addin-manifest, whose dependencies are ES modules
// jest cannot load; the jest config maps the package here (see jest.config.js).
module.exports = { OfficeApp: { Excel: 'excel', OneNote: 'onenote', Outlook: 'outlook', PowerPoint: 'powerpoint', Project: 'project', Word: 'word' } };
