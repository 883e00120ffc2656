// The sandbox's data: its companies, the published pages and an engine per page
// and company. Reset re-seeds; snapshot/restore back the --data file.
import type { Clock } from '../../core/clock.ts';
import type { NavPageId } from '../../connectors/nav/schema/index.ts';
import { Company, type CompanySnapshot } from './data/company.ts';
import { todayOf, type BusinessSettings, type LogicContext } from './logic/context.ts';
import { buildBindings, type PageBinding, type ServiceNames } from './pages/bindings.ts';
import { PageEngine } from './pages/engine.ts';
import { seed } from './seed/index.ts';

export interface SeedParameters {
  readonly seed: number;
  readonly customers: number;
  readonly items: number;
}

export interface StateSnapshot {
  readonly format: 'b24nav-nav-sandbox/1';
  readonly seed: SeedParameters;
  readonly companies: readonly CompanySnapshot[];
}

export class NavState {
  readonly companies = new Map<string, Company>();
  readonly bindings: readonly PageBinding[];
  private readonly byService = new Map<string, PageBinding>();
  private engines = new WeakMap<Company, Map<PageBinding, PageEngine>>();
  private seedParameters: SeedParameters;

  constructor(
    private readonly clock: Clock,
    readonly settings: BusinessSettings,
    readonly companyName: string,
    serviceNames: ServiceNames,
    seedParameters: SeedParameters,
  ) {
    this.bindings = buildBindings(serviceNames);
    // Service names are matched case-insensitively (UNCONFIRMED for NAV; lenient on purpose).
    for (const binding of this.bindings) this.byService.set(binding.service.toLowerCase(), binding);
    this.seedParameters = seedParameters;
    this.reset(seedParameters);
  }

  get seed(): SeedParameters {
    return this.seedParameters;
  }

  today(): string {
    return todayOf(this.clock.now());
  }

  reset(parameters: SeedParameters = this.seedParameters): void {
    this.seedParameters = parameters;
    this.companies.clear();
    this.engines = new WeakMap();
    for (const company of seed({ ...parameters, today: this.today(), companyName: this.companyName })) this.companies.set(company.name, company);
  }

  restore(snapshot: StateSnapshot): void {
    this.seedParameters = snapshot.seed;
    this.companies.clear();
    this.engines = new WeakMap();
    for (const data of snapshot.companies) {
      const company = Company.restore(data);
      this.companies.set(company.name, company);
    }
  }

  snapshot(): StateSnapshot {
    return { format: 'b24nav-nav-sandbox/1', seed: this.seedParameters, companies: [...this.companies.values()].map((c) => c.snapshot()) };
  }

  /** Company names are case-sensitive (nav-web-services.md §1.1). */
  company(name: string): Company | undefined {
    return this.companies.get(name);
  }

  binding(service: string): PageBinding | undefined {
    return this.byService.get(service.toLowerCase());
  }

  bindingOf(id: NavPageId): PageBinding {
    const binding = this.bindings.find((b) => b.id === id);
    if (!binding) throw new Error(`no page ${id}`);
    return binding;
  }

  engine(company: Company, binding: PageBinding): PageEngine {
    let perCompany = this.engines.get(company);
    if (!perCompany) this.engines.set(company, (perCompany = new Map<PageBinding, PageEngine>()));
    let engine = perCompany.get(binding);
    if (!engine) perCompany.set(binding, (engine = new PageEngine(binding, company)));
    return engine;
  }

  context(company: Company): LogicContext {
    return { company, today: this.today(), settings: this.settings };
  }
}
