/** `/`: who is signed in (name, region path, roles), their task inbox, and a bar chart of the selected region's subdivisions. */
import { Card, Col, Descriptions, Row, Space, Tag, Typography } from 'antd'
import { useTranslation } from 'react-i18next'
import { useMe } from '../../app/auth.tsx'
import { useRegion } from '../../app/region.tsx'
import { codeLabel } from '../../i18n/index.ts'
import { InboxCard } from '../workflow/InboxCard.tsx'
import { ChildCountChart } from './ChildCountChart.tsx'

export default function HomePage() {
  const { t } = useTranslation()
  const me = useMe()
  const { region } = useRegion()
  const path = me.regionPath.map((r) => r.name).join(' / ')

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }} data-test="home-welcome">
        {t('home.welcome', { name: me.displayName })}
      </Typography.Title>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={10}>
          <Card title={t('home.account')} data-test="home-account" style={{ height: '100%' }}>
            <Descriptions
              column={1}
              size="small"
              items={[
                { key: 'username', label: t('home.username'), children: me.username },
                {
                  key: 'region',
                  label: t('home.region'),
                  children: (
                    <span data-test="home-region-path">
                      {path} <Typography.Text type="secondary">({me.regionCode})</Typography.Text>
                    </span>
                  ),
                },
                {
                  key: 'roles',
                  label: t('home.roles'),
                  children: (
                    <Space size={[4, 4]} wrap data-test="home-roles">
                      {me.roles.map((r) => (
                        <Tag key={r} color="blue" data-test={`role-${r}`}>
                          {codeLabel('roles', r)}
                        </Tag>
                      ))}
                    </Space>
                  ),
                },
                {
                  key: 'selected',
                  label: t('home.selected'),
                  children: `${region.name}（${codeLabel('level', region.level)}）`,
                },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={14}>
          <InboxCard />
        </Col>
        <Col xs={24}>
          <ChildCountChart region={region} />
        </Col>
      </Row>
    </Space>
  )
}
