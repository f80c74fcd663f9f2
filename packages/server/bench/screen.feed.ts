/** Synthetic department feed records for the screening benchmarks, written by SQL inside the database. */

/** Synthetic feed data: settlements for ~6 % of persons, ~0.3 % per event signal, dated in the last ~300 days. */
export function feedSql(county: string, asOf: string, batchId = '00000000-0000-4000-8000-000000000005'): string {
  const events: Array<[string, string, string, string]> = [
    ['EDUCATION', 'EDU_DROPOUT', 'null', '0.003'],
    ['EDUCATION', 'EDU_NONCOMPULSORY', 'null', '0.003'],
    ['HOUSING', 'HOUSING_DANGER', 'null', '0.003'],
    ['WATER', 'WATER_OUTAGE', '(random() * 60)::int', '0.003'],
    ['WATER', 'WATER_FACILITY', 'null', '0.001'],
    ['DISABILITY', 'DISABILITY_NEW', 'null', '0.002'],
    ['DISABILITY', 'DISABILITY_LEVEL', '(1 + random() * 3)::int', '0.002'],
    ['CIVIL_AFFAIRS', 'CA_CHANGE', 'null', '0.003'],
    ['EMERGENCY', 'DISASTER_LOSS', '(random() * 1000000)::int', '0.003'],
    ['POLICE', 'POLICE_ACCIDENT', 'null', '0.001'],
    ['POLICE', 'POLICE_HUKOU', 'null', '0.003'],
    ['HRSS', 'HRSS_UNEMPLOYED', 'null', '0.003'],
    ['AGRICULTURE', 'AGRI_LOSS', '(random() * 500000)::int', '0.002'],
    ['ASSETS', 'ASSET_ACQUIRED', '(random() * 20000000)::int', '0.001'],
  ]
  const rows = (source: string, signal: string, amount: string, share: string, tag: string) => `
    insert into feed_record (id, batch_id, source, signal, amount, person_id, household_id, county_code, region_code,
                             data_date, fields, row_hash, created_at)
    select gen_random_uuid(), '${batchId}', '${source}', '${signal}', ${amount},
           p.id, p.household_id, p.county_code, p.region_code, date '${asOf}' - (random() * 300)::int, '{}',
           md5(p.id::text || '${tag}'), now()
    from person p where p.county_code = '${county}' and p.status = 'ACTIVE' and random() < ${share};`
  return `
    insert into feed_batch (id, source, channel, scope, status, total_rows, matched_rows, unmatched_rows, skipped_rows,
                            error_rows, created_at)
    values ('${batchId}', 'MEDICAL', 'PUSH', '${county}', 'accepted', 0, 0, 0, 0, 0, now());
    ${rows('MEDICAL', 'MED_OOP', '(power(random(), 4) * 4000000)::bigint', '0.06', 'm1')}
    ${rows('MEDICAL', 'MED_OOP', '(power(random(), 4) * 2000000)::bigint', '0.03', 'm2')}
    ${events.map(([s, g, a, share]) => rows(s, g, a, share, g)).join('\n')}
    analyze;`
}
