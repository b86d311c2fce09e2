"""Building reports without a request: SQL aggregates -> document -> charts -> PDF / XLSX / CSV / ZIP."""
