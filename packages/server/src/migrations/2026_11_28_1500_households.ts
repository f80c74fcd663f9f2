import { type Kysely, sql } from 'kysely'

/**
 * The household registry: households, persons, memberships with history, income assessments, 三保障 checks, helpers,
 * and a version row per change holding the household as it stood (for `asOf` and the timeline). Every table carries
 * the 6-digit county code (partition / distribution key) and the 12-digit village code.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table household (
      id uuid primary key,
      household_no text not null unique,
      county_code varchar(6) not null,
      region_code varchar(12) not null,
      natural_village text,
      address text,
      phone text,
      head_person_id uuid,
      household_type text not null check (household_type in ('TUOPIN', 'GENERAL')),
      is_formerly_poor boolean not null default false,
      tuopin_year smallint,
      relocated boolean not null default false,
      resettlement_site text,
      military_family boolean not null default false,
      whole_household_no_labour boolean not null default false,
      monitor_contact_name text,
      monitor_contact_phone text,
      land jsonb not null default '{}',
      living_conditions jsonb not null default '{}',
      housing jsonb not null default '{}',
      assets jsonb not null default '{}',
      monitoring_status text not null default 'NONE',
      low_income_groups text[] not null default '{}',
      status text not null default 'ACTIVE' check (status in ('ACTIVE', 'CANCELLED', 'MERGED')),
      search_text text not null default '',
      version integer not null default 1,
      created_at timestamptz not null,
      created_by uuid,
      updated_at timestamptz not null,
      updated_by uuid
    );
    create index household_region_idx on household (region_code text_pattern_ops);
    create index household_county_idx on household (county_code);
    create index household_search_idx on household (county_code, search_text text_pattern_ops);

    create table person (
      id uuid primary key,
      household_id uuid not null references household (id),
      county_code varchar(6) not null,
      region_code varchar(12) not null,
      name text not null,
      name_pinyin text not null default '',
      name_initials text not null default '',
      id_type text not null default 'RESIDENT_ID',
      id_number text not null,
      gender smallint not null check (gender in (0, 1, 2, 9)),
      birth_date date not null,
      ethnicity varchar(2),
      political_status text,
      relation_to_head text not null,
      education text,
      school_status text,
      dropout_reason text,
      health text not null default 'HEALTHY',
      labour_skill text not null default 'ORDINARY',
      disability_cert_no text,
      disability_category smallint,
      disability_level smallint,
      work_status text,
      work_place text,
      work_months smallint,
      insurance jsonb not null default '{}',
      assistance_flags jsonb not null default '{}',
      phone text,
      bank_account text,
      status text not null default 'ACTIVE' check (status in ('ACTIVE', 'NATURAL_DECREASE')),
      decrease_reason text,
      decrease_date date,
      version integer not null default 1,
      created_at timestamptz not null,
      updated_at timestamptz not null
    );
    create unique index person_active_id_number_idx on person (id_number) where status = 'ACTIVE';
    create index person_id_number_idx on person (id_number);
    create index person_household_idx on person (household_id);
    create index person_region_idx on person (region_code text_pattern_ops);
    create index person_county_idx on person (county_code);
    create index person_initials_idx on person (county_code, name_initials text_pattern_ops);
    create index person_pinyin_idx on person (county_code, name_pinyin text_pattern_ops);
    create index person_name_idx on person (county_code, name text_pattern_ops);
    create index person_id_suffix_idx on person (county_code, right(id_number, 4));

    create table membership (
      id uuid primary key,
      person_id uuid not null references person (id),
      household_id uuid not null references household (id),
      county_code varchar(6) not null,
      relation_to_head text not null,
      start_date date not null,
      end_date date,
      start_reason text not null,
      end_reason text
    );
    create unique index membership_open_idx on membership (person_id) where end_date is null;
    create index membership_household_idx on membership (household_id);

    create table income_assessment (
      id uuid primary key,
      household_id uuid not null references household (id),
      county_code varchar(6) not null,
      region_code varchar(12) not null,
      assessment_type text not null,
      period_start date not null,
      period_end date not null,
      items jsonb not null,
      wage bigint not null,
      business bigint not null,
      property bigint not null,
      transfer bigint not null,
      business_costs bigint not null,
      claim_income bigint not null default 0,
      compliant_self_paid bigint not null default 0,
      net_income bigint not null,
      household_size smallint not null,
      per_capita_net bigint not null,
      reference_income bigint not null,
      per_capita_reference bigint not null,
      created_at timestamptz not null,
      created_by uuid
    );
    create index income_assessment_household_idx on income_assessment (household_id, period_end desc);
    create index income_assessment_county_idx on income_assessment (county_code);

    create table guarantee_check (
      id uuid primary key,
      household_id uuid not null references household (id),
      county_code varchar(6) not null,
      checked_on date not null,
      food_clothing_ok boolean not null,
      compulsory_education_ok boolean not null,
      medical_insurance_ok boolean not null,
      housing_safety_ok boolean not null,
      drinking_water_ok boolean not null,
      housing_damaged boolean not null default false,
      water_facility_damaged boolean not null default false,
      details jsonb not null default '{}',
      created_at timestamptz not null,
      created_by uuid
    );
    create index guarantee_check_household_idx on guarantee_check (household_id, checked_on desc);

    create table household_helper (
      id uuid primary key,
      household_id uuid not null references household (id),
      county_code varchar(6) not null,
      user_id uuid,
      name text not null,
      unit text,
      phone text,
      start_date date not null,
      end_date date
    );
    create index household_helper_household_idx on household_helper (household_id);

    create table household_version (
      id uuid primary key,
      household_id uuid not null references household (id),
      version integer not null,
      county_code varchar(6) not null,
      region_code varchar(12) not null,
      at timestamptz not null,
      actor_id uuid,
      actor_name text,
      action text not null,
      changes jsonb not null,
      snapshot jsonb not null,
      unique (household_id, version)
    );
    create index household_version_at_idx on household_version (household_id, at);
  `.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table household_version; drop table household_helper; drop table guarantee_check;
    drop table income_assessment; drop table membership; drop table person; drop table household;
  `.execute(db)
}
