/** Parameters of the synthetic programme (the same national/regional shape as parameters/*.json). */
import type { ParameterFiles } from '../parameters-validate.ts'
import { L } from './program.ts'

/** Parameter files of the synthetic programme. */
export const fixtureParameters: ParameterFiles = {
  'dibao.standard': {
    description: 'Monthly 低保 standard per person, in fen',
    unit: 'fen/person/month',
    label: { zh: '最低生活保障标准', en: 'Dibao standard' },
    legal: [{ id: 'minfa-2021-57-art6', title: '最低生活保障审核确认办法', article: '第六条', status: 'SOURCED' }],
    breakdown: [{ dim: 'area', values: ['rural', 'urban'] }],
    values: {
      rural: { '2024-01-01': 60000, '2026-01-01': 65000 },
      urban: { '2024-01-01': 80000, '2026-01-01': { value: 85000, publishedOn: '2025-12-15' } },
    },
    regions: {
      '37': {
        legal: [{ id: 'sd-2025-notice', title: '山东省民政厅关于提高城乡低保标准的通知', status: 'LOCAL' }],
        values: { rural: { '2025-07-01': 70000 }, urban: { '2025-07-01': 90000 } },
      },
      '3702': {
        legal: [{ id: 'qd-2025-notice', title: '青岛市城乡低保标准调整通知', status: 'LOCAL' }],
        values: { rural: { '2025-07-01': 78400 }, urban: { '2025-07-01': 99500, '2026-06-01': null } },
      },
    },
  },
  'dibao.employment_cost_rate': {
    description: 'Share of wages deducted as employment cost',
    unit: 'ratio',
    legal: L('emp-cost'),
    values: { _default: { '2021-01-01': 0.1 } },
    regions: { '36': { values: { _default: { '2021-01-01': 0.3 } } } },
  },
  'dibao.size_factor': {
    description: 'Household size factor',
    unit: 'ratio',
    legal: L('size-factor'),
    breakdown: [{ dim: 'size', values: { range: [1, 4] } }],
    values: {
      '1': { '2021-01-01': 1.2 },
      '2': { '2021-01-01': 1.1 },
      '3': { '2021-01-01': 1 },
      '4': { '2021-01-01': 0.95 },
    },
  },
  'dibao.asset_months': {
    description: 'Asset limit in months of standard',
    unit: 'months',
    legal: L('assets'),
    values: { _default: { '2021-01-01': 24 } },
  },
  'monitor.threshold': {
    description: 'Annual monitoring threshold per person (fen)',
    unit: 'fen/person/year',
    legal: L('monitor'),
    values: { _default: { '2021-01-01': 600000, '2025-01-01': 870000 } },
  },
  'dibao.wage_window': {
    description: 'Months of wages counted (per region)',
    unit: 'months',
    legal: L('wage-window'),
    values: { _default: { '2021-01-01': 3 } },
    regions: {
      '37': { values: { _default: { '2021-01-01': 2 } } },
      '36': { values: { _default: { '2021-01-01': 1 } } },
    },
  },
  'dibao.urban_bonus': {
    description: 'Urban supplement set by one province only (fen)',
    unit: 'fen/month',
    legal: L('urban-bonus'),
    values: {},
    regions: { '44': { values: { _default: { '2021-01-01': 5000 } } } },
  },
  'tax.brackets': {
    description: 'Synthetic marginal contribution scale',
    unit: 'rate',
    legal: L('tax'),
    scale: [
      { threshold: { '2021-01-01': 0 }, rate: { '2021-01-01': 0 } },
      { threshold: { '2021-01-01': 300000 }, rate: { '2021-01-01': 0.03 } },
      { threshold: { '2021-01-01': 1200000 }, rate: { '2021-01-01': 0.1 } },
    ],
  },
  'bonus.amounts': {
    description: 'Synthetic flat bonus by income bracket',
    unit: 'fen',
    legal: L('bonus'),
    scale: [
      { threshold: { '2021-01-01': 0 }, amount: { '2021-01-01': 20000 } },
      { threshold: { '2021-01-01': 200000 }, amount: { '2021-01-01': 10000 } },
      { threshold: { '2021-01-01': 800000 }, amount: { '2021-01-01': 0 } },
    ],
  },
}
