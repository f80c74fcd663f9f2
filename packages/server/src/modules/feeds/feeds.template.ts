/** The file template of a feed source: the Chinese header row, an example row, and a 说明 sheet with every field. */
import ExcelJS from 'exceljs'
import type { FeedSource } from './feeds.contracts.ts'

export async function feedTemplate(source: FeedSource): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet(source.title.zh, { views: [{ state: 'frozen', ySplit: 1 }] })
  ws.columns = source.fields.map((f) => ({
    header: f.header,
    key: f.field,
    width: Math.max(12, f.header.length * 2 + 4),
  }))
  ws.getRow(1).eachCell((cell, i) => {
    const f = source.fields[i - 1]
    cell.font = { bold: true, color: f?.required ? { argb: 'FFC00000' } : undefined }
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } }
  })
  source.fields.forEach((f, i) => {
    if (f.kind === 'id' || f.kind === 'date') ws.getColumn(i + 1).numFmt = '@'
    if (f.codes) {
      const list = `"${f.codes.map((c) => c.zh).join(',')}"`
      if (list.length <= 255)
        for (let r = 2; r <= 1001; r++)
          ws.getCell(r, i + 1).dataValidation = { type: 'list', allowBlank: !f.required, formulae: [list] }
    }
  })
  const doc = wb.addWorksheet('说明')
  doc.columns = [
    { header: '列名', key: 'header', width: 20 },
    { header: '字段', key: 'field', width: 20 },
    { header: 'Field', key: 'en', width: 36 },
    { header: '必填', key: 'required', width: 8 },
    { header: '格式', key: 'kind', width: 40 },
  ]
  for (const f of source.fields)
    doc.addRow({
      header: f.header,
      field: f.field,
      en: f.en,
      required: f.required ? '是' : '否',
      kind: f.codes
        ? f.codes.map((c) => `${c.zh}(${c.code})`).join('、')
        : {
            id: '18位身份证号',
            text: '文本',
            date: 'YYYY-MM-DD，不晚于今天',
            money: '元，≥0，最多两位小数',
            int: '整数',
            enum: '',
          }[f.kind],
    })
  return Buffer.from(await wb.xlsx.writeBuffer())
}

/** The same header row as CSV (UTF-8 with BOM so spreadsheet programs read the Chinese correctly). */
export function feedTemplateCsv(source: FeedSource): Buffer {
  return Buffer.from(`\ufeff${source.fields.map((f) => f.header).join(',')}\r\n`, 'utf8')
}
