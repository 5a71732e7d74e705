import type { Settings } from './schemas/settings.js';
import type { Template } from './schemas/template.js';

/** The reference's example workflow (SUIVCOM's "Paramètres de l'extension"). */
export const defaultTemplates: Template[] = [
  {
    id: 'commande-dispo',
    name: 'Commande dispo',
    subject: 'Votre commande n° {{order.number}} est disponible',
    body:
      'Bonjour {{contact.name}},\n\n' +
      'Votre commande n° {{order.number}} (votre référence : {{order.customerRef}}) est disponible ' +
      'depuis l’étape « {{step.label}} ».\n\nCordialement,\n{{workshop.name}}',
  },
  {
    id: 'envoi-commande',
    name: 'Envoi commande',
    subject: 'Votre commande n° {{order.number}} est en cours d’envoi',
    body:
      'Bonjour {{contact.name}},\n\n' +
      'Votre commande n° {{order.number}} du {{order.date}} est emballée et part en livraison. ' +
      'Date de livraison prévue : {{order.dueDate}}.\n\nCordialement,\n{{workshop.name}}',
  },
];

/** Why work goes back, as most workshops name it (editable in the settings). */
export const defaultReworkReasons: NonNullable<Settings['reworkReasons']> = [
  { id: 'defaut-coupe', label: 'Défaut de coupe' },
  { id: 'mauvaise-cote', label: 'Mauvaise cote' },
  { id: 'piece-abimee', label: 'Pièce abîmée' },
  { id: 'erreur-dossier', label: 'Erreur de dossier' },
  { id: 'autre', label: 'Autre' },
];

export const defaultSettings: Settings = {
  steps: [
    { id: 'en-attente', label: 'En attente', templateId: null, autoSend: false },
    { id: 'prise-en-charge', label: 'Prise en charge', templateId: null, autoSend: false },
    { id: 'decoupage', label: 'Découpage', templateId: null, autoSend: false },
    { id: 'assemblage', label: 'Assemblage', templateId: 'commande-dispo', autoSend: false },
    { id: 'emballage', label: 'Emballage', templateId: 'envoi-commande', autoSend: false },
    { id: 'livraison', label: 'Livraison', templateId: null, autoSend: false },
    { id: 'terminee', label: 'Terminée', templateId: null, autoSend: false },
    { id: 'annulee', label: 'Annulée', templateId: null, autoSend: false },
  ],
  finalStepId: 'terminee',
  finalStatus: 'terminée',
  dueSoonDays: 3,
  statuses: ['en attente', 'expédiée', 'terminée'],
  timezone: 'Europe/Paris',
  workshopName: 'Atelier Jalon',
  reworkReasons: defaultReworkReasons,
};
