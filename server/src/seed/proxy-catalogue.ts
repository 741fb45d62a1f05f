// The demo street's proxy-service catalogue (代办事项目录): the affairs a 花园路街道 代办员 takes to the
// district's offices for residents, as a street's 网格联系、代办服务 pilot lists them. Codes follow the
// structure of GB/T 39554.1-2020 (kind · main item · sub-item · handling item); the numbers are the
// demo district's own, not the national list's. Time limits are in working days.
import type { HelpLevel, Material } from '../../../core/src/proxy/catalogue.js';

export interface CatalogueItem {
  code: string;
  name: string;
  helpLevel: HelpLevel;
  timeLimitDays: number;
  department: string;
  serviceWindow: string | null;
  materials: Material[];
  fees: string;
  legalBasis: string;
}

const HALL = '金水区政务服务中心';
const STREET_HALL = '花园路街道党群服务中心 便民服务大厅';
const FREE = '不收费';

const id: Material = { name: '居民身份证', form: 'both', copies: 1 };
const book: Material = { name: '居民户口簿', form: 'both', copies: 1 };
const photo = (copies: number, note = '近期免冠，白底'): Material => ({ name: '一寸照片', form: 'original', copies, note });
const bank: Material = { name: '本人银行卡或存折', form: 'copy', copies: 1, note: '社保卡金融账户亦可' };
const entrust: Material = { name: '代办委托书', form: 'original', copies: 1, note: '由代办员带上门签字' };
const agentId: Material = { name: '代办员身份证', form: 'original', copies: 1 };
const form = (name: string): Material => ({ name, form: 'original', copies: 1, note: '代办员可代为填写，本人签字' });
const proof = (name: string, note?: string): Material => (note ? { name, form: 'original', copies: 1, note } : { name, form: 'original', copies: 1 });

const item = (code: string, name: string, helpLevel: HelpLevel, timeLimitDays: number, department: string, window: string | null, materials: Material[], legalBasis: string, fees = FREE): CatalogueItem => ({
  code,
  name,
  helpLevel,
  timeLimitDays,
  department,
  serviceWindow: window,
  materials,
  fees,
  legalBasis,
});

const POLICE = '郑州市公安局金水分局';
const HRSS = '金水区人力资源和社会保障局';
const MEDICAL = '金水区医疗保障局';
const CIVIL = '金水区民政局';
const DISABLED = '金水区残疾人联合会';
const HEALTH = '金水区卫生健康委员会';
const VETERANS = '金水区退役军人事务局';
const HOUSING = '金水区住房保障和房地产管理中心';
const MARKET = '金水区市场监督管理局';
const STREET = '花园路街道办事处';

const SOCIAL_INSURANCE_LAW = '《中华人民共和国社会保险法》';
const SOCIAL_ASSISTANCE = '《社会救助暂行办法》（国务院令第649号）';

export const DEMO_PROXY_CATALOGUE: readonly CatalogueItem[] = [
  // 户籍与证照
  item('110010100001', '居住证申领', 'partial', 15, POLICE, '花园路派出所 户籍窗口', [id, photo(2), proof('居住登记满半年的证明', '租房合同、房产证明或单位证明之一'), proof('就业、就读或连续居住证明')], '《居住证暂行条例》（国务院令第663号）'),
  item('110010100002', '居住证签注', 'full', 5, POLICE, '花园路派出所 户籍窗口', [entrust, agentId, proof('居住证'), proof('继续居住证明', '租房合同或房产证明')], '《居住证暂行条例》（国务院令第663号）'),
  item('110010200001', '居民身份证换领', 'guide', 20, POLICE, '花园路派出所 户籍窗口', [book, proof('原居民身份证')], '《中华人民共和国居民身份证法》', '工本费20元'),
  item('070010300001', '出生登记（新生儿落户）', 'partial', 1, POLICE, '花园路派出所 户籍窗口', [proof('出生医学证明'), book, { name: '父母双方居民身份证', form: 'both', copies: 1 }, proof('父母结婚证')], '《中华人民共和国户口登记条例》'),
  item('070010400001', '死亡注销户口', 'full', 1, POLICE, '花园路派出所 户籍窗口', [entrust, proof('居民死亡医学证明（推断）书'), book, proof('死者居民身份证', '交回注销')], '《中华人民共和国户口登记条例》'),
  item('010010500001', '户口迁入（投靠亲属）', 'guide', 10, POLICE, '花园路派出所 户籍窗口', [id, book, proof('亲属关系证明'), proof('合法稳定住所证明')], '《中华人民共和国户口登记条例》'),
  item('110010600001', '无犯罪记录证明', 'partial', 3, POLICE, '花园路派出所 综合窗口', [id, entrust, agentId, proof('用途说明', '用人单位或学校出具')], '《公安机关办理犯罪记录查询工作规定》'),
  // 就业与社会保险
  item('110020100001', '失业登记', 'full', 1, HRSS, `${STREET_HALL} 就业社保窗口`, [id, entrust, proof('解除或终止劳动合同证明', '无单位的可免')], '《就业服务与就业管理规定》'),
  item('110020200001', '就业创业证申领', 'full', 5, HRSS, `${STREET_HALL} 就业社保窗口`, [id, photo(1), entrust], '《中华人民共和国就业促进法》'),
  item('070020300001', '就业困难人员认定', 'partial', 15, HRSS, `${STREET_HALL} 就业社保窗口`, [id, book, proof('就业创业证'), proof('困难情形证明', '残疾人证、低保证明等')], '《中华人民共和国就业促进法》'),
  item('050020400001', '灵活就业人员社会保险补贴申领', 'full', 20, HRSS, `${HALL} 人社综合窗口`, [id, proof('就业困难人员认定结果'), proof('灵活就业社会保险缴费凭证'), bank], '《中华人民共和国就业促进法》'),
  item('110020500001', '退休人员领取养老金资格认证', 'guide', 1, HRSS, `${STREET_HALL} 就业社保窗口`, [id, proof('社会保障卡')], SOCIAL_INSURANCE_LAW),
  item('110020600001', '城乡居民基本养老保险参保登记', 'full', 5, HRSS, `${STREET_HALL} 就业社保窗口`, [id, book, form('城乡居民基本养老保险参保登记表'), entrust], '《国务院关于建立统一的城乡居民基本养老保险制度的意见》（国发〔2014〕8号）'),
  item('050020700001', '城乡居民基本养老保险待遇申领', 'full', 15, HRSS, `${HALL} 人社综合窗口`, [id, book, proof('社会保障卡'), entrust], '《国务院关于建立统一的城乡居民基本养老保险制度的意见》（国发〔2014〕8号）'),
  item('110020800001', '社会保障卡申领（补换）', 'full', 10, HRSS, `${STREET_HALL} 就业社保窗口`, [id, photo(1, '白底，可现场采集'), entrust], SOCIAL_INSURANCE_LAW),
  // 医疗保障
  item('110030100001', '城乡居民基本医疗保险参保登记', 'full', 5, MEDICAL, `${STREET_HALL} 医保窗口`, [id, book, entrust], SOCIAL_INSURANCE_LAW),
  item('110030200001', '异地就医备案', 'guide', 1, MEDICAL, `${STREET_HALL} 医保窗口`, [id, proof('异地居住或转诊证明', '选填其一')], '《医疗保障经办政务服务事项清单》'),
  item('070030300001', '门诊慢特病待遇认定', 'full', 20, MEDICAL, `${HALL} 医保窗口`, [id, proof('二级以上医院诊断证明'), proof('近一年病历及检查报告', '复印件亦可'), entrust], SOCIAL_INSURANCE_LAW),
  item('050030400001', '生育医疗费用报销', 'full', 15, MEDICAL, `${HALL} 医保窗口`, [id, proof('出生医学证明'), proof('住院费用发票及明细'), bank, entrust], SOCIAL_INSURANCE_LAW),
  item('050030500001', '大病救助（医疗救助）申请', 'full', 20, MEDICAL, `${HALL} 医保窗口`, [id, book, proof('医疗费用发票及结算单'), proof('诊断证明'), proof('低保、特困等救助对象证明', '非救助对象附家庭经济状况核对授权书'), bank, entrust], SOCIAL_ASSISTANCE),
  // 社会救助与养老
  item('050040100001', '最低生活保障申请', 'partial', 30, CIVIL, `${STREET_HALL} 民政窗口`, [id, book, form('最低生活保障申请书'), proof('家庭经济状况核对授权书', '家庭成员均须签字'), proof('收入证明', '无收入的书面说明')], SOCIAL_ASSISTANCE),
  item('050040200001', '特困人员救助供养申请', 'partial', 30, CIVIL, `${STREET_HALL} 民政窗口`, [id, book, form('特困人员救助供养申请书'), proof('家庭经济状况核对授权书'), proof('丧失劳动能力证明', '残疾人证或医院证明')], SOCIAL_ASSISTANCE),
  item('050040300001', '临时救助申请', 'full', 15, CIVIL, `${STREET_HALL} 民政窗口`, [id, book, form('临时救助申请书'), proof('遭遇困难情况证明', '医疗票据、事故证明等')], SOCIAL_ASSISTANCE),
  item('050040400001', '高龄津贴申领', 'full', 20, CIVIL, `${STREET_HALL} 民政窗口`, [id, book, bank, entrust], '《中华人民共和国老年人权益保障法》'),
  item('110040500001', '老年人优待证办理', 'full', 10, CIVIL, `${STREET_HALL} 民政窗口`, [id, photo(1), entrust], '《中华人民共和国老年人权益保障法》'),
  item('050040600001', '居家养老服务补贴申请', 'full', 20, CIVIL, `${STREET_HALL} 民政窗口`, [id, book, proof('老年人能力评估结果'), proof('经济困难证明', '低保、特困等证明之一'), entrust], '《中华人民共和国老年人权益保障法》'),
  item('050040700001', '惠民殡葬补贴申领', 'full', 10, CIVIL, `${HALL} 民政窗口`, [proof('火化证明'), proof('死者居民身份证及户口注销证明'), proof('经办人身份证'), bank], '《殡葬管理条例》'),
  item('070040800001', '结婚登记', 'guide', 1, CIVIL, '金水区婚姻登记处', [{ name: '双方居民身份证', form: 'original', copies: 1 }, { name: '双方居民户口簿', form: 'original', copies: 1 }, { name: '双方合影二寸半身免冠照片', form: 'original', copies: 3, note: '红底' }], '《婚姻登记条例》'),
  // 残疾人服务
  item('070050100001', '残疾人证申领', 'partial', 30, DISABLED, `${STREET_HALL} 残联窗口`, [id, book, photo(3, '近期免冠，二寸白底'), form('残疾人证申请表'), proof('指定医院残疾评定结果', '由代办员预约评残，本人须到医院')], '《中华人民共和国残疾人保障法》'),
  item('050050200001', '困难残疾人生活补贴和重度残疾人护理补贴申领', 'full', 20, DISABLED, `${STREET_HALL} 残联窗口`, [id, proof('残疾人证'), proof('低保或特困证明', '申请生活补贴时提供'), bank, entrust], '《国务院关于全面建立困难残疾人生活补贴和重度残疾人护理补贴制度的意见》（国发〔2015〕52号）'),
  item('110050300001', '残疾人辅助器具适配申请', 'full', 15, DISABLED, `${STREET_HALL} 残联窗口`, [id, proof('残疾人证'), form('辅助器具适配申请表')], '《中华人民共和国残疾人保障法》'),
  // 卫生健康与计划生育
  item('070060100001', '独生子女父母光荣证（独生子女证明）办理', 'full', 10, HEALTH, `${STREET_HALL} 卫健窗口`, [{ name: '夫妻双方居民身份证', form: 'both', copies: 1 }, book, proof('结婚证'), proof('子女出生医学证明'), photo(1, '夫妻合影')], '《中华人民共和国人口与计划生育法》'),
  item('050060200001', '计划生育家庭特别扶助金申请', 'full', 20, HEALTH, `${STREET_HALL} 卫健窗口`, [id, book, proof('独生子女父母光荣证'), proof('子女死亡或伤残证明'), bank], '《中华人民共和国人口与计划生育法》'),
  item('110060300001', '生育登记', 'full', 1, HEALTH, `${STREET_HALL} 卫健窗口`, [{ name: '夫妻双方居民身份证', form: 'copy', copies: 1 }, proof('结婚证', '复印件亦可')], '《中华人民共和国人口与计划生育法》'),
  // 退役军人
  item('110070100001', '退役军人优待证申领', 'full', 20, VETERANS, `${STREET_HALL} 退役军人服务站`, [id, proof('退役证件'), photo(1, '近期免冠，白底'), entrust], '《中华人民共和国退役军人保障法》'),
  item('050070200001', '优抚对象抚恤补助申领', 'full', 20, VETERANS, `${STREET_HALL} 退役军人服务站`, [id, proof('优抚对象证件'), bank, entrust], '《军人抚恤优待条例》'),
  // 住房
  item('050080100001', '廉租住房（公租房）租赁补贴申请', 'full', 30, HOUSING, `${HALL} 住房保障窗口`, [id, book, form('公共租赁住房租赁补贴申请表'), proof('家庭收入证明'), proof('租房合同'), bank], '《公共租赁住房管理办法》（住房和城乡建设部令第11号）'),
  item('110080200001', '公共租赁住房申请', 'partial', 30, HOUSING, `${HALL} 住房保障窗口`, [id, book, form('公共租赁住房申请表'), proof('家庭收入及住房情况证明')], '《公共租赁住房管理办法》（住房和城乡建设部令第11号）'),
  item('110080300001', '房屋租赁登记备案', 'full', 3, HOUSING, `${STREET_HALL} 综合窗口`, [{ name: '出租人、承租人居民身份证', form: 'copy', copies: 1 }, proof('房屋所有权证或不动产权证书', '复印件'), proof('房屋租赁合同')], '《商品房屋租赁管理办法》（住房和城乡建设部令第6号）'),
  // 经营
  item('010090100001', '个体工商户设立登记', 'partial', 3, MARKET, `${HALL} 市场准入窗口`, [id, proof('经营场所使用证明', '租房合同或房产证明'), form('个体工商户登记申请书')], '《促进个体工商户发展条例》'),
  item('010090100002', '个体工商户注销登记', 'full', 3, MARKET, `${HALL} 市场准入窗口`, [id, proof('营业执照正副本'), form('个体工商户注销登记申请书'), entrust], '《促进个体工商户发展条例》'),
  // 街道自办
  item('110100100001', '家庭经济困难学生认定证明', 'full', 5, STREET, `${STREET_HALL} 综合窗口`, [id, book, proof('学校出具的认定申请表'), proof('困难情况证明', '低保证、残疾人证等')], '《关于认定家庭经济困难学生的指导意见》'),
];
