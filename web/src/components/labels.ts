/** How API values (snake_case, SSVC names) read in the app: "mef_support_crippled" → "MEF support crippled". */
export function label(value: string): string {
  const words = value.replace(/_/g, ' ').replace(/\bmef\b/g, 'MEF');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Sort orders as the sort control names them. */
export const sortLabels: Record<string, string> = {
  priority: 'Priority',
  due: 'Due date',
  cvss: 'CVSS score',
  first_seen: 'First seen',
};

/** A count with its noun, singular or plural. */
export function counted(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}
