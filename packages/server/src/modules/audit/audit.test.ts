import { sql } from 'kysely'
import { describe, expect, test } from 'vitest'
import { R, useTestPlatform } from '../../../test/harness.ts'
import { systemActor } from '../auth/actor.ts'
import { actorFromUser } from '../auth/auth.service.ts'
import { chainOf, SEALED_COLUMNS } from './audit.chain.ts'
import { recordAudit, revealSensitive, verifyAudit } from './audit.service.ts'

const t = useTestPlatform()

describe('audit log', () => {
  test('a login is recorded and the auditor sees it; a village cadre may not read the log', async () => {
    const cadre = await t.user({ role: 'VILLAGE_CADRE', region: R.village })
    const cadreSession = await t.login(cadre)
    const auditor = await t.login(await t.user({ role: 'AUDITOR', region: R.county }))
    const res = await t.call('GET', `/api/audit?action=auth.login&actor=${cadre.username}`, { as: auditor })
    expect(res.statusCode).toBe(200)
    const body = res.json()
    expect(body.page.total).toBe(1)
    expect(body.data[0]).toMatchObject({ action: 'auth.login', actorName: cadre.username, regionCode: R.village })
    const denied = await t.call('GET', '/api/audit', { as: cadreSession })
    expect(denied.statusCode).toBe(403)
  })

  test('an auditor of another county sees none of these rows', async () => {
    const cadre = await t.user({ role: 'VILLAGE_CADRE', region: R.village })
    await t.login(cadre)
    const otherUser = await t.user({ role: 'AUDITOR', region: R.otherCounty })
    const other = await t.login(otherUser)
    const mine = await t.call('GET', `/api/audit?action=auth.login&actor=${cadre.username}`, { as: other })
    expect(mine.statusCode).toBe(200)
    expect(mine.json()).toMatchObject({ data: [], page: { total: 0 } })
    // what the other county's auditor does see of the logins: its own, in its county, and nothing else
    const logins = await t.call('GET', '/api/audit?action=auth.login', { as: other })
    expect(logins.statusCode).toBe(200)
    expect(logins.json().page.total).toBe(1)
    expect(logins.json().data).toEqual([
      expect.objectContaining({ action: 'auth.login', actorName: otherUser.username, regionCode: R.otherCounty }),
    ])
  })

  test('rows are append-only: UPDATE, DELETE and TRUNCATE are rejected by the database', async () => {
    await expect(sql`update audit_event set action = 'x'`.execute(t.deps.db)).rejects.toThrow(/append-only/)
    await expect(sql`delete from audit_event`.execute(t.deps.db)).rejects.toThrow(/append-only/)
    await expect(sql`truncate audit_event`.execute(t.deps.db)).rejects.toThrow(/append-only/)
  })

  test('sensitive fields are masked in before/after', async () => {
    const id = await t.deps.db.transaction().execute((trx) =>
      recordAudit(trx, t.deps, systemActor, {
        action: 'test.mask',
        subjectType: 'person',
        regionCode: R.village,
        after: {
          name: '张三',
          id_number: '11010519491231002X',
          phone: '13912345678',
          nested: { bankAccount: '6222020200112233' },
        },
      }),
    )
    const row = await t.deps.db.selectFrom('audit_event').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
    expect(row.after).toEqual({
      name: '张三',
      id_number: '110***********002X',
      phone: '139****5678',
      nested: { bankAccount: '************2233' },
    })
  })

  test('chains are per county, else city, else province', () => {
    expect(chainOf(R.village)).toBe('622926')
    expect(chainOf('622900000000')).toBe('6229')
    expect(chainOf('620000000000')).toBe('62')
    expect(chainOf(null)).toBe('national')
  })

  test('verify passes on an intact log and names the first row that was altered', async () => {
    await t.login(await t.user({ role: 'COUNTY_RR_ADMIN', region: R.county }))
    const ok = await verifyAudit(t.deps.db)
    const rows = await t.deps.db.selectFrom('audit_event').select('id').execute()
    expect(ok).toMatchObject({ ok: true, broken: [], checked: rows.length })
    expect(ok.checked).toBeGreaterThan(3)
    // Tamper the way an attacker with table-owner rights would: switch the trigger off and edit a row.
    const victim = await t.deps.db
      .selectFrom('audit_event')
      .select(['id', 'chain', 'seq'])
      .where('chain', '=', '622926')
      .orderBy('seq')
      .offset(1)
      .limit(1)
      .executeTakeFirstOrThrow()
    await sql`alter table audit_event disable trigger audit_event_no_update`.execute(t.deps.db)
    await sql`update audit_event set actor_name = 'someone-else' where id = ${victim.id}`.execute(t.deps.db)
    await sql`alter table audit_event enable trigger audit_event_no_update`.execute(t.deps.db)
    const broken = await verifyAudit(t.deps.db)
    expect(broken.ok).toBe(false)
    expect(broken.firstBroken).toMatchObject({ chain: '622926', seq: Number(victim.seq), id: victim.id })
    expect(broken.firstBroken?.reason).toMatch(/seal/)
    expect(broken.broken).toHaveLength(1)
  })

  test('the seal covers every column of audit_event but the seal itself', async () => {
    const { rows } = await sql<{ column_name: string }>`
      select column_name from information_schema.columns where table_name = 'audit_event' order by column_name`.execute(
      t.deps.db,
    )
    expect(rows.map((r) => r.column_name).filter((c) => c !== 'hash')).toEqual([...SEALED_COLUMNS].sort())
  })

  test('revealing a masked field is allowed to the right roles in scope, and is itself audited', async () => {
    const officer = actorFromUser(await t.user({ role: 'TOWN_CA_OFFICER', region: R.township }))
    const cadre = actorFromUser(await t.user({ role: 'VILLAGE_CADRE', region: R.village }))
    const req = { subjectType: 'person', subjectId: 'p-1', regionCode: R.village, field: 'idNumber' as const }
    const value = await revealSensitive(t.deps, officer, req, async () => '11010519491231002X')
    expect(value).toBe('11010519491231002X')
    const row = await t.deps.db
      .selectFrom('audit_event')
      .selectAll()
      .where('action', '=', 'pii.reveal')
      .where('actor_id', '=', officer.userId)
      .executeTakeFirstOrThrow()
    expect(row).toMatchObject({ subject_id: 'p-1', region_code: R.village, after: { field: 'idNumber' } })
    expect(JSON.stringify(row)).not.toContain('11010519491231002X')
    await expect(revealSensitive(t.deps, cadre, req, async () => 'x')).rejects.toMatchObject({ code: 'FORBIDDEN' })
    const elsewhere = { ...req, regionCode: R.otherTownship.replace(/000$/, '201') }
    await expect(revealSensitive(t.deps, officer, elsewhere, async () => 'x')).rejects.toMatchObject({
      code: 'NOT_FOUND',
    })
  })
})
