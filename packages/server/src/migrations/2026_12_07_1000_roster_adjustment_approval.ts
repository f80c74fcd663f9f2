import { type Kysely, sql } from 'kysely'

/**
 * An adjustment line of an approved payment roster is paid only after its own approval by someone other than its
 * author (issue 17, finding 2). `review_status` is null on REGULAR lines (the roster approval covers them) and
 * PENDING → APPROVED | REJECTED on ADJUSTMENT lines, with who reviewed it, when and why.
 *
 * The roster-line trigger now accepts on an approved roster only (a) the insert of a PENDING adjustment with no
 * reviewer and (b) the one review of a PENDING adjustment by someone other than its author, changing nothing but the
 * review columns. Adjustments that existed before become PENDING: nobody approved them. Amounts of lines and grants
 * get a sanity range (|amount| ≤ 10^10 fen, the routes' `Fen` bound) and an adjustment of 0 is refused; these checks
 * apply to new rows (NOT VALID), so a database that already holds garbage still migrates and can reject it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table pay_roster_line
      add column review_status text check (review_status in ('PENDING', 'APPROVED', 'REJECTED')),
      add column reviewed_by uuid,
      add column reviewed_at timestamptz,
      add column review_note text;

    alter table pay_roster_line disable trigger pay_roster_line_guard;
    update pay_roster_line set review_status = 'PENDING' where kind = 'ADJUSTMENT';
    alter table pay_roster_line enable trigger pay_roster_line_guard;

    alter table pay_roster_line
      add constraint pay_roster_line_review_kind check ((kind = 'ADJUSTMENT') = (review_status is not null)),
      add constraint pay_roster_line_amount_range check (amount between -10000000000 and 10000000000) not valid,
      add constraint pay_roster_line_adjustment_nonzero check (kind <> 'ADJUSTMENT' or amount <> 0) not valid;
    alter table special_grant
      add constraint special_grant_amount_range check (amount <= 10000000000) not valid,
      add constraint special_grant_period check (period_to is null or period_to >= period_from) not valid;
    create index pay_roster_line_adjustment_idx on pay_roster_line (roster_id, review_status) where kind = 'ADJUSTMENT';

    create or replace function pay_roster_line_guard() returns trigger language plpgsql as $$
    declare st text;
    begin
      select status into st from pay_roster where id = coalesce(new.roster_id, old.roster_id);
      if st = 'APPROVED' then
        if tg_op = 'INSERT' and new.kind = 'ADJUSTMENT' and new.review_status = 'PENDING'
          and new.reviewed_by is null and new.reviewed_at is null then
          return new;
        end if;
        if tg_op = 'UPDATE' and old.kind = 'ADJUSTMENT' and old.review_status = 'PENDING'
          and new.review_status in ('APPROVED', 'REJECTED')
          and new.reviewed_by is not null and new.reviewed_at is not null
          and new.reviewed_by is distinct from old.created_by
          and (new.id, new.roster_id, new.county_code, new.township_code, new.region_code, new.household_id,
               new.person_id, new.decision_id, new.programme, new.kind, new.amount, new.calc, new.adjusts_line_id,
               new.note, new.created_by, new.created_at)
            is not distinct from
              (old.id, old.roster_id, old.county_code, old.township_code, old.region_code, old.household_id,
               old.person_id, old.decision_id, old.programme, old.kind, old.amount, old.calc, old.adjusts_line_id,
               old.note, old.created_by, old.created_at) then
          return new;
        end if;
        raise exception 'ROSTER_IMMUTABLE: lines of approved roster % cannot be changed; add an adjustment line and have another officer approve it',
          coalesce(new.roster_id, old.roster_id) using errcode = 'P0001';
      end if;
      if tg_op = 'DELETE' then return old; end if;
      return new;
    end $$;
  `.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    create or replace function pay_roster_line_guard() returns trigger language plpgsql as $$
    declare st text;
    begin
      select status into st from pay_roster where id = coalesce(new.roster_id, old.roster_id);
      if st = 'APPROVED' then
        if tg_op = 'INSERT' and new.kind = 'ADJUSTMENT' then
          return new;
        end if;
        raise exception 'ROSTER_IMMUTABLE: lines of approved roster % cannot be changed; add an adjustment line',
          coalesce(new.roster_id, old.roster_id) using errcode = 'P0001';
      end if;
      if tg_op = 'DELETE' then return old; end if;
      return new;
    end $$;
    drop index if exists pay_roster_line_adjustment_idx;
    alter table special_grant drop constraint if exists special_grant_amount_range,
      drop constraint if exists special_grant_period;
    alter table pay_roster_line drop constraint if exists pay_roster_line_review_kind,
      drop constraint if exists pay_roster_line_amount_range,
      drop constraint if exists pay_roster_line_adjustment_nonzero,
      drop column review_status, drop column reviewed_by, drop column reviewed_at, drop column review_note;
  `.execute(db)
}
