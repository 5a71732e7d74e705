/**
 * The import's columns, by the names people use: the reference's French
 * headers (SPEC: Id, Date, ID contact, Raison Sociale, Nom / Prénom, Nature,
 * V/Ref, Statut, Etape, Cpostal, À livrer…) or the order's JSON names
 * (externalRef, company, name…). Matched without case, accents, spaces or
 * punctuation, so "Nom / Prénom", "NOM PRENOM" and "nom-prénom" are one.
 */
export type Field =
  | 'externalRef'
  | 'number'
  | 'date'
  | 'contactId'
  | 'company'
  | 'name'
  | 'email'
  | 'postalCode'
  | 'nature'
  | 'customerRef'
  | 'status'
  | 'step'
  | 'dueDate'
  | 'machine'
  | 'assignee';

/** Header as compared: lower case, no accents, letters and digits only. */
export const headerKey = (h: string) =>
  h
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');

const names: Record<Field, string[]> = {
  externalRef: ['externalRef', 'Réf. ERP', 'Référence ERP', 'Ref ERP', 'Référence externe'],
  number: ['Id', 'N°', 'Numéro', 'number', 'No'],
  date: ['Date', 'Date commande', 'date'],
  contactId: ['ID contact', 'contactId', 'Code client'],
  company: ['Raison Sociale', 'Société', 'company'],
  name: ['Nom / Prénom', 'Nom', 'Contact', 'name'],
  email: ['E-mail', 'Email', 'Mail', 'Courriel', 'email'],
  postalCode: ['Code postal', 'Cpostal', 'CP', 'postalCode'],
  nature: ['Nature', 'nature'],
  customerRef: ['V/Ref', 'V/Réf', 'Votre référence', 'Référence client', 'customerRef'],
  status: ['Statut', 'status'],
  step: ['Etape', 'Étape', 'step', 'stepId'],
  dueDate: ['Date à livrer', 'À livrer', 'Date de livraison', 'Échéance', 'dueDate'],
  machine: ['Machine', 'Poste', 'Machine/Poste', 'machine', 'machineId'],
  assignee: ['Suivi par', 'Responsable', 'Personne', 'assignee', 'assigneeId'],
};

const byKey = new Map<string, Field>();
for (const [field, list] of Object.entries(names) as Array<[Field, string[]]>) for (const n of list) byKey.set(headerKey(n), field);

export interface HeaderMap {
  /** Column index of each field found. */
  columns: Partial<Record<Field, number>>;
  /** Headers that name no field (kept out of the import, and said so). */
  ignored: string[];
  /** A field named by two columns: the file is ambiguous. */
  duplicates: Array<{ field: Field; header: string }>;
}

export function mapHeader(header: string[]): HeaderMap {
  const columns: Partial<Record<Field, number>> = {};
  const ignored: string[] = [];
  const duplicates: HeaderMap['duplicates'] = [];
  header.forEach((h, i) => {
    const field = byKey.get(headerKey(h));
    if (!field) {
      if (h.trim()) ignored.push(h.trim());
    } else if (columns[field] !== undefined) duplicates.push({ field, header: h.trim() });
    else columns[field] = i;
  });
  return { columns, ignored, duplicates };
}
