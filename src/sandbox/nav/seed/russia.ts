// A second company: a Russian subsidiary with Cyrillic names and the customer's
// INN (tax id) in VAT_Registration_No, as Russian NAV installations keep it.
import type { Random } from '../../../core/random.ts';
import type { CompanySetup } from '../data/company.ts';
import type { ReferenceData } from './reference-data.ts';
import { CRONUS_REFERENCE, type SeedCustomer, type SeedItem } from './cronus.ts';

export const RUSSIA_COMPANY = 'КРОНУС Россия';

export const RUSSIA_SETUP: Omit<CompanySetup, 'name'> = {
  lcyCode: 'RUB',
  vatPercent: 20,
  customerBusinessRelation: { code: 'CUST', description: 'Клиент' },
  series: {
    customer: 'КЛИЕНТ',
    item: 'ТОВАР',
    contact: 'КОНТАКТ',
    salesOrder: 'ПРОД-ЗАК',
    salesInvoice: 'ПРОД-СЧ',
    postedInvoice: 'ПРОД-СЧ+',
    postedShipment: 'ПРОД-ОТГР',
    postedCreditMemo: 'ПРОД-КР+',
    payment: 'ПЛАТЕЖ',
  },
};

export const RUSSIA_SERIES: ReadonlyArray<readonly [string, string, string, number, boolean]> = [
  ['КЛИЕНТ', 'Клиенты', 'К00010', 10, true],
  ['ТОВАР', 'Товары', 'Т00010', 10, true],
  ['КОНТАКТ', 'Контакты', 'КТ000001', 1, true],
  ['ПРОД-ЗАК', 'Заказы продажи', 'ЗП-000001', 1, false],
  ['ПРОД-СЧ', 'Счета продажи', 'СП-000001', 1, false],
  ['ПРОД-СЧ+', 'Учтенные счета продажи', 'УСП-000001', 1, false],
  ['ПРОД-ОТГР', 'Учтенные отгрузки', 'УОТ-000001', 1, false],
  ['ПРОД-КР+', 'Учтенные кредит-ноты', 'УКН-000001', 1, false],
  ['ПЛАТЕЖ', 'Платежи', 'ПЛ-000001', 1, false],
];

export const RUSSIA_REFERENCE: ReferenceData = {
  ...CRONUS_REFERENCE,
  countries: [
    ['RU', 'Россия'],
    ['BY', 'Беларусь'],
    ['KZ', 'Казахстан'],
  ],
  salespeople: [
    ['АИ', 'Анна Иванова', 3],
    ['ПС', 'Пётр Смирнов', 3],
    ['ЕК', 'Елена Кузнецова', 5],
  ],
  locations: [
    ['МОСКВА', 'Склад Москва', 'Москва', 'RU'],
    ['СПБ', 'Склад Санкт-Петербург', 'Санкт-Петербург', 'RU'],
  ],
  units: [
    ['ШТ', 'Штука'],
    ['КОМПЛ', 'Комплект'],
    ['УПАК', 'Упаковка'],
    ['ЧАС', 'Час'],
  ],
  categories: [
    ['МЕБЕЛЬ', 'Офисная мебель', ''],
    ['СТУЛЬЯ', 'Стулья и кресла', 'МЕБЕЛЬ'],
    ['СТОЛЫ', 'Столы', 'МЕБЕЛЬ'],
    ['ПРОЧЕЕ', 'Прочее', ''],
  ],
  paymentTerms: [
    ['10 ДНЕЙ', '10D', '', 0, 'Оплата в течение 10 дней'],
    ['30 ДНЕЙ', '30D', '', 0, 'Оплата в течение 30 дней'],
    ['ПРЕДОПЛ', '0D', '', 0, 'Предоплата'],
  ],
  vatGroups: [
    ['НДС20', 'НДС 20%', 20],
    ['НДС10', 'НДС 10%', 10],
    ['БЕЗ НДС', 'Без НДС', 0],
  ],
  emailDomain: 'cronus.ru',
};

/** A valid INN: 10 digits for organisations, 12 for sole proprietors (check digits by the FNS weights). */
export function makeInn(random: Random, length: 10 | 12): string {
  const digits = Array.from({ length: length - (length === 10 ? 1 : 2) }, (_, i) => (i === 0 ? 1 + Math.floor(random() * 9) : Math.floor(random() * 10)));
  const check = (weights: readonly number[]): number => (weights.reduce((s, w, i) => s + w * (digits[i] ?? 0), 0) % 11) % 10;
  if (length === 10) digits.push(check([2, 4, 10, 3, 5, 9, 4, 6, 8]));
  else {
    digits.push(check([7, 2, 4, 10, 3, 5, 9, 4, 6, 8]));
    digits.push(check([3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8]));
  }
  return digits.join('');
}

export const RUSSIA_CUSTOMERS: ReadonlyArray<Omit<SeedCustomer, 'vat'> & { readonly innLength: 10 | 12 }> = [
  { no: 'К00010', name: 'ООО «Ромашка»', address: 'ул. Тверская, д. 7', postCode: '125009', city: 'Москва', country: 'RU', contact: 'Иванов Иван Иванович', currency: '', location: 'МОСКВА', innLength: 10 },
  { no: 'К00020', name: 'АО «Северсталь-Трейд»', address: 'Невский пр-т, д. 28', postCode: '191186', city: 'Санкт-Петербург', country: 'RU', contact: 'Петрова Мария Сергеевна', currency: '', location: 'СПБ', innLength: 10 },
  { no: 'К00030', name: 'ИП Сидоров Алексей Петрович', address: 'ул. Ленина, д. 15, кв. 4', postCode: '620014', city: 'Екатеринбург', country: 'RU', contact: 'Сидоров Алексей Петрович', currency: '', location: '', innLength: 12 },
  { no: 'К00040', name: 'ПАО «Уральский завод офисной мебели»', address: 'ул. Малышева, д. 51', postCode: '620075', city: 'Екатеринбург', country: 'RU', contact: 'Кузнецов Олег', currency: '', location: 'МОСКВА', innLength: 10 },
];

export const RUSSIA_ITEMS: readonly SeedItem[] = [
  { no: 'Т-1896', description: 'Стол письменный «Афины»', price: 45000, cost: 35100, category: 'СТОЛЫ', unit: 'ШТ' },
  { no: 'Т-1900', description: 'Стул для посетителей «Париж», чёрный', price: 8900, cost: 6900, category: 'СТУЛЬЯ', unit: 'ШТ' },
  { no: 'Т-1908', description: 'Кресло вращающееся «Лондон», синее', price: 8700, cost: 6800, category: 'СТУЛЬЯ', unit: 'ШТ' },
  { no: 'Т-1920', description: 'Стол для переговоров «Антверпен»', price: 29500, cost: 23000, category: 'СТОЛЫ', unit: 'ШТ' },
  { no: 'Т-1928', description: 'Лампа настольная «Амстердам»', price: 2500, cost: 1950, category: 'ПРОЧЕЕ', unit: 'ШТ' },
];

export const RUSSIA_NAME_PARTS = {
  forms: ['ООО', 'АО', 'ЗАО', 'ПАО'],
  names: ['Альфа', 'Вектор', 'Гранит', 'Дельта', 'Заря', 'Импульс', 'Континент', 'Меридиан', 'Орион', 'Прогресс', 'Радуга', 'Сфера', 'Титан', 'Урал', 'Феникс'],
  kinds: ['Трейд', 'Снаб', 'Мебель', 'Строй', 'Логистик', 'Сервис'],
  streets: ['ул. Ленина', 'ул. Гагарина', 'пр-т Мира', 'ул. Советская', 'ул. Садовая', 'ул. Пушкина'],
  cities: [
    ['Москва', '101000'],
    ['Санкт-Петербург', '190000'],
    ['Новосибирск', '630000'],
    ['Казань', '420000'],
    ['Екатеринбург', '620000'],
  ] as ReadonlyArray<readonly [string, string]>,
  people: ['Иванов И. И.', 'Петрова М. С.', 'Смирнов П. А.', 'Кузнецова Е. В.', 'Попов Д. Н.'],
  items: [
    ['Стол', 'СТОЛЫ'],
    ['Стул', 'СТУЛЬЯ'],
    ['Кресло', 'СТУЛЬЯ'],
    ['Шкаф', 'ПРОЧЕЕ'],
    ['Тумба', 'ПРОЧЕЕ'],
  ] as ReadonlyArray<readonly [string, string]>,
  models: ['«Модерн»', '«Классик»', '«Офис»', '«Престиж»', '«Эконом»', '«Лофт»'],
};
