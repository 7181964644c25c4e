/**
 * Demo step: HQ base data (基本信息) loaded the way a clerk does it — files uploaded to the import
 * endpoints and committed — then read back. Idempotent: imports upsert by code, and unchanged rows
 * are left alone, so a second run reports them as unchanged.
 */
const ExcelJS = require('exceljs');

const CSV = 'text/csv';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const { multipartFile } = require('../http');

async function importFile(demo, entity, name, content, type) {
  const form = multipartFile('file', name, content, type);
  const res = await demo.api(demo.hq.url, 'POST', `/api/catalog/${entity}/imports?mode=commit`, {
    token: demo.adminToken,
    body: form.body,
    raw: true,
    headers: { 'content-type': form.contentType },
  });
  const body = res.body;
  if (res.status !== 202) throw new Error(`import ${entity}: ${res.status} ${JSON.stringify(body)}`);
  const deadline = Date.now() + 300_000;
  for (;;) {
    const { body: imp } = await demo.api(demo.hq.url, 'GET', `/api/catalog/imports/${body.id}`, { token: demo.adminToken });
    if (!['queued', 'running'].includes(imp.state)) {
      if (imp.state !== 'committed') {
        const errs = await demo.api(demo.hq.url, 'GET', `/api/catalog/imports/${body.id}/errors?pageSize=5`, { token: demo.adminToken });
        throw new Error(`import ${entity} ${imp.state}: ${JSON.stringify(errs.body.items ?? imp.message)}`);
      }
      demo.log(`catalog: ${entity} ← ${name}: ${imp.rowsRead} rows, ${imp.created} created, ${imp.updated} updated, ${imp.unchanged} unchanged`);
      return imp;
    }
    if (Date.now() > deadline) throw new Error(`import ${entity} did not finish`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const csv = (rows) => rows.map((r) => r.map((v) => (/[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : v)).join(',')).join('\n') + '\n';

const CATEGORIES = {
  '01': ['食品', { '0101': ['休闲零食', ['饼干', '膨化食品', '糖果巧克力']], '0102': ['粮油调味', ['大米', '食用油', '酱油醋']] }],
  '02': ['饮料酒水', { '0201': ['饮料', ['碳酸饮料', '果汁', '饮用水']], '0202': ['酒类', ['啤酒', '白酒']] }],
  '03': ['日用百货', { '0301': ['个人洗护', ['洗发水', '沐浴露', '牙膏']], '0302': ['家居清洁', ['洗衣液', '纸品']] }],
  '04': ['生鲜', { '0401': ['水果', ['苹果', '香蕉']], '0402': ['蔬菜', ['叶菜', '根茎']] }],
};

function categoryRows() {
  const rows = [['类别编码', '类别名称', '上级类别编码']];
  const leaves = [];
  for (const [c1, [n1, subs]] of Object.entries(CATEGORIES)) {
    rows.push([c1, n1, '']);
    for (const [c2, [n2, leafNames]] of Object.entries(subs)) {
      rows.push([c2, n2, c1]);
      leafNames.forEach((n3, i) => {
        const c3 = `${c2}${String(i + 1).padStart(2, '0')}`;
        rows.push([c3, n3, c2]);
        leaves.push({ code: c3, name: n3, fresh: c1 === '04' });
      });
    }
  }
  return { rows, leaves };
}

async function productWorkbook(leaves) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('商品');
  ws.addRow(['商品编码', '商品名称', '规格', '单位编码', '类别编码', '品牌编码', '供应商编码', '条码', '进价', '零售价', '会员价', '税率%', '保质期天数', '称重']);
  ws.addRow([
    'code',
    'name',
    'specification',
    'unitCode',
    'categoryCode',
    'brandCode',
    'supplierCode',
    'barcodes',
    'purchasePrice',
    'retailPrice',
    'memberPrice',
    'taxRate',
    'shelfLifeDays',
    'weighed',
  ]);
  const brands = ['B001', 'B002', 'B003', 'B004', 'B005', 'B006'];
  let n = 0;
  for (const leaf of leaves) {
    for (let i = 1; i <= 15; i++) {
      n++;
      const retail = (2 + ((n * 37) % 480) / 10).toFixed(2);
      const cost = (Number(retail) * 0.72).toFixed(4);
      const member = (Number(retail) * 0.95).toFixed(2);
      const barcodes = leaf.fresh ? '' : `690${String(100000000 + n * 7).padStart(9, '0')}${n % 10}` + (n % 9 === 0 ? `;691${String(200000000 + n).padStart(10, '0')}` : '');
      ws.addRow([
        `P${String(n).padStart(5, '0')}`,
        `${leaf.name}${i}号`,
        leaf.fresh ? '散装' : `${(i % 4) * 250 + 250}g`,
        leaf.fresh ? 'KG' : 'PCS',
        leaf.code,
        brands[n % brands.length],
        `S00${(n % 3) + 1}`,
        barcodes,
        cost,
        retail,
        member,
        leaf.fresh ? '9' : '13',
        leaf.fresh ? 7 : 365,
        leaf.fresh ? '是' : '否',
      ]);
    }
  }
  return { buffer: Buffer.from(await wb.xlsx.writeBuffer()), count: n };
}

async function run(demo) {
  await importFile(
    demo,
    'units',
    'units.csv',
    csv([
      ['单位编码', '单位名称'],
      ['PCS', '个'],
      ['BOX', '箱'],
      ['KG', '千克'],
      ['BTL', '瓶'],
    ]),
    CSV,
  );
  await importFile(
    demo,
    'brands',
    'brands.csv',
    csv([
      ['品牌编码', '品牌名称'],
      ['B001', '康师傅'],
      ['B002', '可口可乐'],
      ['B003', '农夫山泉'],
      ['B004', '蓝月亮'],
      ['B005', '金龙鱼'],
      ['B006', '自有品牌'],
    ]),
    CSV,
  );
  await importFile(
    demo,
    'suppliers',
    'suppliers.csv',
    csv([
      ['供应商编码', '供应商名称', '联系人', '电话', '地址', '税号', '开户银行', '银行账号', '账期天数'],
      ['S001', '华润万家供应链有限公司', '张伟', '0755-88880001', '深圳市罗湖区', '91440300MA5F000001', '招商银行深圳分行', '755900000000001', 30],
      ['S002', '上海联华食品批发有限公司', '李娜', '021-66660002', '上海市普陀区', '91310000MA1K000002', '工商银行上海分行', '1001000000000002', 45],
      ['S003', '广州生鲜直采中心', '王强', '020-33330003', '广州市白云区', '91440100MA59000003', '建设银行广州分行', '4400000000000003', 7],
    ]),
    CSV,
  );
  const { rows, leaves } = categoryRows();
  await importFile(demo, 'categories', 'categories.csv', csv(rows), CSV);
  const products = await productWorkbook(leaves);
  await importFile(demo, 'products', 'products.xlsx', products.buffer, XLSX);
  await importFile(
    demo,
    'customers',
    'customers.csv',
    csv([
      ['客户编码', '客户名称', '联系人', '信用额度', '价格等级'],
      ['K001', '阳光幼儿园食堂', '赵老师', '20000', '批发价'],
      ['K002', '宏达物业', '钱经理', '50000', 'wholesale'],
    ]),
    CSV,
  );
  await importFile(
    demo,
    'payment-methods',
    'payment-methods.csv',
    csv([
      ['付款方式编码', '付款方式名称', '类型', '可找零', '启用', '排序'],
      ['CASH', '现金', 'cash', '是', '是', 1],
      ['CARD', '银行卡', 'card', '否', '是', 2],
      ['WECHAT', '微信', 'mobile', '否', '是', 3],
      ['ALIPAY', '支付宝', 'mobile', '否', '是', 4],
      ['SVC', '储值卡', 'stored_value', '否', '是', 5],
      ['VOUCHER', '代金券', 'voucher', '否', '是', 6],
    ]),
    CSV,
  );
  const list = await demo.api(demo.hq.url, 'GET', '/api/catalog/products?pageSize=1&search=%E5%A4%A7%E7%B1%B3', { token: demo.adminToken });
  demo.log(`catalog: ${products.count} products in ${leaves.length} leaf categories; e.g. ${JSON.stringify(list.body.items?.[0]?.name)} (search 大米: ${list.body.total})`);
  demo.state.catalog = { products: products.count, categories: rows.length - 1 };
}

module.exports = { run };
