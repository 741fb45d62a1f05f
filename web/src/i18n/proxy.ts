// Proxy services (网格联系、代办服务): the catalogue of items a 代办员 handles for residents.
const zh = {
  menu: { group: '代办服务', items: '代办事项目录' },
  items: {
    title: '代办事项目录',
    desc: '代办员为居民代跑代办的事项：服务方式、所需材料、办理时限和承办窗口。目录对全域生效，由系统管理员维护。',
    search: '事项名称 / 编码 / 承办部门',
    allLevels: '全部服务方式',
    code: '事项编码',
    name: '事项名称',
    helpLevel: '服务方式',
    timeLimit: '办理时限',
    days: '{n} 个工作日',
    department: '承办部门',
    window: '办理窗口',
    fees: '收费标准',
    legalBasis: '设定依据',
    materials: '所需材料',
    copies: '{n} 份',
    export: '导出目录',
    empty: '没有符合条件的事项',
  },
  levels: { full: '全程代办', partial: '环节帮办', guide: '现场导办' },
  forms: { original: '原件', copy: '复印件', both: '原件及复印件' },
};

const en: typeof zh = {
  menu: { group: 'Proxy services', items: 'Service catalogue' },
  items: {
    title: 'Proxy-service catalogue',
    desc: 'What a proxy agent handles at the offices for residents: how much help, the materials, the time limit and the window. The catalogue applies to the whole deployment and is kept by the system administrator.',
    search: 'Name, code or department',
    allLevels: 'All help levels',
    code: 'Code',
    name: 'Item',
    helpLevel: 'Help level',
    timeLimit: 'Time limit',
    days: '{n} working days',
    department: 'Department',
    window: 'Window',
    fees: 'Fees',
    legalBasis: 'Legal basis',
    materials: 'Materials',
    copies: '{n} copies',
    export: 'Export',
    empty: 'No matching item',
  },
  levels: { full: 'Full proxy', partial: 'Help with some steps', guide: 'Guidance only' },
  forms: { original: 'Original', copy: 'Copy', both: 'Original and copy' },
};

export const proxy = { zh, en };
