"""The MkDocs side's modules that are not hooks themselves: the hooks in hooks/*.py (named in
mkdocs.yml) call them. Each does one job of the site; the content they show is the content
model's (hooks/kitchen_table/, which imports no MkDocs).

- booklets: the weekly paper packs, written beside MkDocs' pages;
- offline: the per-language service worker and offline page;
- weeks, feeds: the weekly packs' pages and their Atom feeds;
- send, share_files: the "Send this" panel, the QR code files and sms.csv;
- for_schools: the page for schools and its link builder.
"""
