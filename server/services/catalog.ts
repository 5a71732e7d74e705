import type { Machine, MachineInput, User, UserInput } from '../../shared/schemas/people.js';
import type { Template, TemplateInput } from '../../shared/schemas/template.js';
import { badRequest, conflict, notFound } from '../errors.js';
import { assertPlaceholders } from '../mail/placeholders.js';
import type { CatalogRepository } from '../store/catalog.js';
import { isDuplicateKey } from '../store/driver-errors.js';
import type { OrderRepository } from '../store/orders.js';
import type { ChangeFeed } from './change-feed.js';
import type { SettingsService } from './settings.js';
import { newId } from './orders.js';

/** The stored fields of a person as an admin typed them. */
const userFields = (input: UserInput) => ({ name: input.name.trim(), role: input.role, ...(input.username ? { username: input.username } : {}) });

/** The stored fields of a template, once its placeholders are known to be fillable (400 otherwise). */
function templateFields(input: TemplateInput) {
  assertPlaceholders({ subject: input.subject, body: input.body });
  return { name: input.name.trim(), subject: input.subject, body: input.body };
}

/** People, workstations and message templates: CRUD that refuses to break running orders. */
export function catalogService(deps: {
  users: CatalogRepository<Omit<User, 'id'>>;
  machines: CatalogRepository<Omit<Machine, 'id'>>;
  templates: CatalogRepository<Omit<Template, 'id'>>;
  orders: OrderRepository;
  settings: SettingsService;
  /** Role changes and removals of people are announced here (live access follows them). */
  feed: ChangeFeed;
}) {
  const { users, machines, templates, orders, settings } = deps;

  async function mustExist<T>(p: Promise<T | null>, what: string): Promise<T> {
    const v = await p;
    if (!v) throw notFound(what);
    return v;
  }

  async function refuseIfUsed(field: 'assigneeId' | 'machineId', id: string, what: string) {
    const n = await orders.countWhere({ [field]: id });
    if (n > 0) {
      throw conflict(`${what}_in_use`, `${n} order${n > 1 ? 's are' : ' is'} assigned to this ${what}: reassign ${n > 1 ? 'them' : 'it'} first`, {
        count: n,
      });
    }
  }

  /*
   * The workshop keeps an admin who can sign in: the last one can be neither removed nor given
   * another role (409 last_admin), or nobody could manage people, screens and settings until the
   * server is restarted with ADMIN_PASSWORD. The check and the change run one at a time in this
   * process; two nodes demoting the last two admins in the same instant could still both pass.
   */
  let adminChanges: Promise<unknown> = Promise.resolve();
  function keepingAnAdmin<T>(id: string, nextRole: User['role'] | null, change: () => Promise<T>): Promise<T> {
    const run = adminChanges.then(async () => {
      const before = await users.raw({ _id: id });
      if (before?.role === 'admin' && nextRole !== 'admin' && before.passwordHash) {
        const signable = await users.count({ role: 'admin', passwordHash: { $ne: null } });
        if (signable <= 1) throw conflict('last_admin', 'This is the last admin who can sign in: make someone else admin first');
      }
      return change();
    });
    adminChanges = run.catch(() => undefined);
    return run;
  }

  async function checkUsername(username: string | undefined, self?: string) {
    if (!username) return;
    const other = await users.raw({ username });
    if (other && other._id !== self) throw conflict('username_taken', `The username "${username}" is already used`);
  }

  return {
    users: {
      list: () => users.list(),
      get: (id: string) => mustExist(users.get(id), 'User'),
      async create(input: UserInput) {
        await checkUsername(input.username);
        return users.insert(newId(), userFields(input));
      },
      async update(id: string, input: UserInput) {
        await checkUsername(input.username, id);
        const before = await mustExist(users.get(id), 'User');
        const after = await keepingAnAdmin(id, input.role, async () => mustExist(users.update(id, userFields(input)), 'User'));
        if (before.role !== after.role) deps.feed.emit('person:changed', { id, role: after.role });
        return after;
      },
      async remove(id: string) {
        await mustExist(users.get(id), 'User');
        await refuseIfUsed('assigneeId', id, 'user');
        await keepingAnAdmin(id, null, () => users.remove(id));
        deps.feed.emit('person:changed', { id, role: null });
      },
    },
    machines: {
      list: () => machines.list(),
      get: (id: string) => mustExist(machines.get(id), 'Machine'),
      create: (input: MachineInput) => machines.insert(newId(), { name: input.name.trim() }),
      update: (id: string, input: MachineInput) => mustExist(machines.update(id, { name: input.name.trim() }), 'Machine'),
      async remove(id: string) {
        await mustExist(machines.get(id), 'Machine');
        await refuseIfUsed('machineId', id, 'machine');
        await machines.remove(id);
      },
    },
    templates: {
      list: () => templates.list(),
      get: (id: string) => mustExist(templates.get(id), 'Template'),
      async create(input: TemplateInput) {
        const fields = templateFields(input);
        const id = input.id ?? newId();
        try {
          return await templates.insert(id, fields);
        } catch (e) {
          if (isDuplicateKey(e)) throw conflict('duplicate_id', `A template with id "${id}" already exists`);
          throw e;
        }
      },
      async update(id: string, input: TemplateInput) {
        if (input.id !== undefined && input.id !== id) throw badRequest('id_mismatch', 'The id in the body differs from the URL');
        return mustExist(templates.update(id, templateFields(input)), 'Template');
      },
      async remove(id: string) {
        await mustExist(templates.get(id), 'Template');
        const s = await settings.get();
        const using = s.steps.filter((st) => st.templateId === id).map((st) => st.label);
        if (using.length) {
          throw conflict('template_in_use', `The step${using.length > 1 ? 's' : ''} ${using.join(', ')} use${using.length > 1 ? '' : 's'} this template: choose another one first`);
        }
        await templates.remove(id);
      },
    },
  };
}
export type CatalogService = ReturnType<typeof catalogService>;
