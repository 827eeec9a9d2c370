"""Reports rendered from the metrics: the weekly report as one self-contained HTML file, and a PDF of it."""
