-- Readers' notes (POST /api/notes) are pages of their own, embedded by the same vectorizer and
-- searched with the manual: they have no page on postgresql.org.
alter table manual_pages alter column file drop not null;
