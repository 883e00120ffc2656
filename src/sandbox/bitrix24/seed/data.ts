// Word lists for seed data: Russian and international companies, people,
// cities and products. Names are combined, so thousands stay distinct.

export const RU_ORG_FORMS = ['ООО', 'АО', 'ПАО', 'ЗАО'] as const;
export const RU_NAME_A = ['Северный', 'Восточный', 'Уральский', 'Сибирский', 'Волжский', 'Балтийский', 'Центральный', 'Южный', 'Невский', 'Московский', 'Торговый', 'Промышленный'] as const;
export const RU_NAME_B = ['Альянс', 'Вектор', 'Меридиан', 'Гранит', 'Стройкомплект', 'Техносервис', 'Логистик', 'Снабжение', 'Мебельторг', 'Офис-Центр', 'Деловой дом', 'Интерьер'] as const;
export const RU_LONG_NAMES = [
  'Научно-производственное объединение «Северо-Западный машиностроительный завод имени Кирова»',
  'Общество с ограниченной ответственностью «Торгово-промышленная компания Уральские мебельные фабрики»',
] as const;

export const INTL = [
  { suffix: 'GmbH', country: 'DE', city: 'Berlin', street: 'Friedrichstraße', post: '10117', phone: '+49 30 ', vatPrefix: 'DE' },
  { suffix: 'Ltd', country: 'GB', city: 'London', street: 'Baker Street', post: 'NW1 6XE', phone: '+44 20 ', vatPrefix: 'GB' },
  { suffix: 'SARL', country: 'FR', city: 'Paris', street: 'Rue de Rivoli', post: '75001', phone: '+33 1 ', vatPrefix: 'FR' },
  { suffix: 'B.V.', country: 'NL', city: 'Amsterdam', street: 'Keizersgracht', post: '1015 CJ', phone: '+31 20 ', vatPrefix: 'NL' },
  { suffix: 'AB', country: 'SE', city: 'Stockholm', street: 'Drottninggatan', post: '111 51', phone: '+46 8 ', vatPrefix: 'SE' },
] as const;
export const INTL_NAME_A = ['Müller', 'Brightwell', 'Dupont & Fils', 'Van der Berg', 'Nordic', 'Hoffmann', "O'Connor", 'Lindqvist', 'Smith & Jones', 'Beaumont'] as const;
export const INTL_NAME_B = ['Bürotechnik', 'Office Supplies', 'Interieur', 'Desk Systems', 'Furniture', 'Trading', 'Workspace', 'Solutions'] as const;

export const RU_CITIES = [
  { city: 'Москва', region: 'Москва', post: '1013', phone: '495' },
  { city: 'Санкт-Петербург', region: 'Санкт-Петербург', post: '1900', phone: '812' },
  { city: 'Новосибирск', region: 'Новосибирская область', post: '6300', phone: '383' },
  { city: 'Екатеринбург', region: 'Свердловская область', post: '6200', phone: '343' },
  { city: 'Казань', region: 'Республика Татарстан', post: '4200', phone: '843' },
] as const;
export const RU_STREETS = ['ул. Ленина', 'пр-т Мира', 'ул. Тверская', 'Невский пр-т', 'ул. Гагарина', 'Садовая ул.', 'ул. Пушкина'] as const;

export const RU_FIRST = ['Иван', 'Мария', 'Алексей', 'Ольга', 'Дмитрий', 'Екатерина', 'Сергей', 'Анна', 'Михаил', 'Наталья'] as const;
export const RU_LAST_M = ['Петров', 'Смирнов', 'Кузнецов', 'Соколов', 'Попов', 'Лебедев', 'Козлов', 'Новиков'] as const;
export const EN_FIRST = ['John', 'Emma', 'Oliver', 'Sophie', 'Lukas', 'Claire', 'Anders', 'Julia'] as const;
export const EN_LAST = ['Smith', 'Brown', 'Müller', 'Dubois', 'Jansen', 'Svensson', "O'Brien", 'Taylor'] as const;

/** Russian surnames take -а for women. */
export const FEMALE_FIRST = new Set(['Мария', 'Ольга', 'Екатерина', 'Анна', 'Наталья']);

export const PRODUCT_GROUPS = [
  { section: 'Стулья и кресла', items: ['Кресло офисное «Директор»', 'Стул для посетителей «Визит»', 'Кресло эргономичное «Спина+»', 'Стул барный «Лофт»'] },
  { section: 'Столы', items: ['Стол письменный «Классик» 120×60', 'Стол переговорный «Овал»', 'Стол компьютерный угловой', 'Стол-трансформер «Мобил»'] },
  { section: 'Хранение', items: ['Шкаф для документов «Архив»', 'Тумба мобильная на колёсах', 'Стеллаж металлический 5 полок', 'Сейф офисный «Надёжный»'] },
  { section: 'Прочее', items: ['Лампа настольная LED', 'Доска маркерная 90×120', 'Кулер для воды напольный', 'Коврик защитный под кресло'] },
] as const;

const TRANSLIT: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k', л: 'l', м: 'm', н: 'n', о: 'o', п: 'p', р: 'r',
  с: 's', т: 't', у: 'u', ф: 'f', х: 'h', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'sch', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya',
};

/** A latin slug for e-mail domains: "ООО «Северный Альянс»" → "severnyy-alyans". */
export function slug(name: string): string {
  return name
    .toLowerCase()
    .replace(/ооо|ао|пао|зао|gmbh|ltd|sarl|b\.v\.|ab/g, '')
    .split('')
    .map((c) => TRANSLIT[c] ?? c)
    .join('')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
}
