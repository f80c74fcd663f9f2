/** `/imports`: placeholder until the import API lands (see importsApi.ts). */
export default function ImportPage() {
  return null
}
