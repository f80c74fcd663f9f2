import { type Kysely, sql } from 'kysely'

/**
 * Household imports: the uploaded files (stored in the database), the batch with its counts and state, the issues
 * found per row and column, and the commit chunks already written (so a re-run skips them).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table import_batch (
      id uuid primary key,
      county_code varchar(6),
      scope text not null,
      file_name text not null,
      status text not null check (status in ('uploaded', 'validating', 'validated', 'committing', 'committed', 'failed')),
      total_rows integer not null default 0,
      valid_rows integer not null default 0,
      invalid_rows integer not null default 0,
      households integer not null default 0,
      valid_households integer not null default 0,
      mode text,
      job_id uuid,
      result jsonb,
      error text,
      created_by uuid,
      created_at timestamptz not null,
      updated_at timestamptz not null
    );
    create index import_batch_created_idx on import_batch (created_by, created_at desc);

    create table import_file (
      id uuid primary key,
      batch_id uuid not null references import_batch (id) on delete cascade,
      name text not null,
      content bytea not null,
      sha256 text not null
    );
    create index import_file_batch_idx on import_file (batch_id);

    create table import_row_issue (
      batch_id uuid not null references import_batch (id) on delete cascade,
      seq integer not null,
      sheet text not null,
      row_no integer not null,
      column_name text,
      value text,
      code text not null,
      severity text not null check (severity in ('error', 'warning', 'info')),
      message text not null,
      message_en text not null,
      primary key (batch_id, seq)
    );

    create table import_commit_chunk (
      batch_id uuid not null references import_batch (id) on delete cascade,
      chunk integer not null,
      created integer not null,
      updated integer not null,
      skipped integer not null,
      committed_at timestamptz not null,
      primary key (batch_id, chunk)
    );
  `.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table import_commit_chunk; drop table import_row_issue; drop table import_file; drop table import_batch;`.execute(
    db,
  )
}
